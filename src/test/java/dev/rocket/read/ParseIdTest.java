package dev.rocket.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.TestMetadata;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Record ids from the URL are typed by the primary key; malformed ids are 404 (SPEC §5, G-23). */
class ParseIdTest {
    private static final Registry REG = TestMetadata.shop();

    private static void notFound(String entity, String rawId, String message) {
        EntityDef e = REG.entity(entity);
        assertThatThrownBy(() -> ReadService.parseId(e, rawId))
                .isInstanceOfSatisfying(ApiException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(ex.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void idsAreTypedByThePrimaryKey() {
        assertThat(ReadService.parseId(REG.entity("order"), "3F0C2A8E-1B2C-4D5E-8F90-0123456789AB"))
                .isEqualTo(UUID.fromString("3f0c2a8e-1b2c-4d5e-8f90-0123456789ab"));
        assertThat(ReadService.parseId(REG.entity("item"), "12")).isEqualTo(12L);
        assertThat(ReadService.parseId(REG.entity("order_line"), "12")).isEqualTo(12);
        assertThat(ReadService.parseId(REG.entity("tag"), "red")).isEqualTo("red");
    }

    @Test
    void malformedIdsAreNotFound() {
        notFound("order", "not-a-uuid", "order with id not-a-uuid not found");
        notFound("order_line", "2147483648", "order_line with id 2147483648 not found");
        notFound("item", "1.5", "item with id 1.5 not found");
        notFound("tag", "a\u0000b", "tag with id a\u0000b not found");
    }

    @Test
    void overlongIdsAreNotFoundAndShortenedInTheMessage() {
        String id = "x".repeat(513);
        notFound("tag", id, "tag with id " + "x".repeat(100) + "… not found");
        assertThat(ReadService.parseId(REG.entity("tag"), "y".repeat(512))).isEqualTo("y".repeat(512));
    }
}
