package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.RocketItBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An import's sample records leave audit rows like any create: action create, the importing admin, the values. */
class ImportAuditIT extends RocketItBase {

    @Test
    void importedRecordsAreAuditedAsCreatedByTheImporter() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        String adminId = null;
        for (JsonNode u : assertStatus(a.get("_admin/users"), 200).data()) {
            if (ADMIN_EMAIL.equals(u.path("email").asText())) {
                adminId = u.path("id").asText();
            }
        }
        assertThat(adminId).isNotBlank();
        a.entity(entityDef("customer", "int", false, field("name", "string"), field("tier", "string")));
        a.create("customer", map("id", 1, "name", "Existing", "tier", "silver"));
        long before = a.auditTotal("");

        var doc = map("sample_data", map("customer", List.of(
                map("id", 1, "name", "Skipped: the key exists", "tier", "gold"),
                map("id", 2, "name", "Ida", "tier", "gold"),
                map("id", 3, "name", "Max"))));
        doc.put("entities", List.of(entityDef("customer", "int", false, field("name", "string"), field("tier", "string"))));

        // a dry run writes no audit row
        assertStatus(a.post("_admin/import?dry_run=true", doc), 200);
        assertThat(a.auditTotal("")).isEqualTo(before);

        JsonNode summary = assertStatus(a.post("_admin/import", doc), 200).data().path("summary");
        assertThat(summary.path("records").asInt()).isEqualTo(2);

        JsonNode rows = a.audit("entity=customer&action=create").path("data");
        assertThat(a.auditTotal("")).isEqualTo(before + 2);
        JsonNode ida = null;
        JsonNode max = null;
        for (JsonNode r : rows) {
            if (r.path("record_id").asText().equals("2")) {
                ida = r;
            } else if (r.path("record_id").asText().equals("3")) {
                max = r;
            }
        }
        assertThat(ida).as("audit row of the imported record 2 in %s", rows).isNotNull();
        assertThat(max).isNotNull();
        assertThat(ida.path("user_id").asText()).isEqualTo(adminId);
        assertThat(ida.path("changes").path("name").path("new").asText()).isEqualTo("Ida");
        assertThat(ida.path("changes").path("tier").path("new").asText()).isEqualTo("gold");
        assertThat(ida.path("changes").path("name").path("old").isNull()).isTrue();
        assertThat(max.path("changes").has("tier")).isFalse(); // null values are not listed, as for any create
        assertThat(a.audit("record_id=1").path("meta").path("total").asLong()).isEqualTo(1); // the skipped row: none

        // a re-import of the same document creates nothing and audits nothing
        assertStatus(a.post("_admin/import", doc), 200);
        assertThat(a.auditTotal("")).isEqualTo(before + 2);
    }
}
