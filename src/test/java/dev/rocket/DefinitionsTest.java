package dev.rocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.admin.DefinitionStore;
import dev.rocket.admin.Definitions;
import dev.rocket.error.ApiException;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.http.AdminDefinitionsResource;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.outbound.AddressPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The definition kinds the composition root registers: routes, export order and registry contents agree. */
class DefinitionsTest {
    private static final Definitions DEFINITIONS = Rocket.definitions(new ExpressionEngine(), app -> { },
            AddressPolicy.of(""));

    @Test
    void theAdminRoutesServeExactlyTheRegisteredKinds() {
        assertThat(DEFINITIONS.all().stream().map(DefinitionStore::path).toList())
                .containsExactlyInAnyOrder(AdminDefinitionsResource.KINDS.split("\\|"));
    }

    @Test
    void exportAndImportFollowDependencyOrder() {
        assertThat(DEFINITIONS.all().stream().map(DefinitionStore::section).toList()).containsExactly(
                "entities", "relations", "rules", "state_machines", "workflows", "permissions", "webhooks");
    }

    @Test
    void theRegistryKeepsEveryKindButTheSchema() {
        assertThat(DEFINITIONS.kinds().stream().map(DefinitionKind::path).toList())
                .containsExactly("rules", "state-machines", "workflows", "permissions", "webhooks");
        for (DefinitionKind<?, ?> k : DEFINITIONS.kinds()) {
            assertThat(k.index(List.of())).as(k.path() + " empty index").isNotNull();
            assertThat(k.table()).startsWith("_");
            assertThat(k.columns()).doesNotContain("id", "created_at", "updated_at");
        }
    }

    @Test
    void entitiesAndRelationsAreNamedTheOthersHaveIds() {
        for (DefinitionStore s : DEFINITIONS.all()) {
            assertThat(s.key()).as(s.path()).isEqualTo(List.of("entities", "relations").contains(s.path()) ? "name" : "id");
        }
    }

    @Test
    void anUnknownKindIsNotFound() {
        assertThatThrownBy(() -> DEFINITIONS.at("gadgets")).isInstanceOf(ApiException.class).hasMessageContaining("gadgets");
    }
}
