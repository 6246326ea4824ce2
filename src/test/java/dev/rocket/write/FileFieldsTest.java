package dev.rocket.write;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.list;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static dev.rocket.metadata.TestMetadata.relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.db.Jdbc;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityParser;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.TestMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Planning of {@code file} field values (SPEC §14, G-54): ids to resolve, objects, null, type errors. */
class FileFieldsTest {
    private static final String ID = "3f0c2a8e-1b2c-4d5e-8f90-0123456789ab";
    private static final Registry REG = TestMetadata.registry(List.of(
            EntityParser.parse(entity("post", "posts", false, pk("id", "int", true),
                    field("id", "int"), field("title", "string"), field("cover", "file"))),
            EntityParser.parse(entity("photo", "photos", false, pk("id", "int", true),
                    field("id", "int"), field("post_id", "int"), field("image", "file", "required", true)))),
            List.of(relation("photos", "one_to_many", "post", "photo", "target_key", "post_id")), List.of());

    private static RowPlan create(Map<String, Object> body) {
        return new WritePlanner(REG).planCreate(REG.entity("post"), body);
    }

    @Test
    void aFileIdIsKeptForResolutionAnObjectAsGivenNullClears() {
        assertThat(create(map("cover", ID)).values().get("cover")).isEqualTo(UUID.fromString(ID));
        Map<String, Object> given = map("id", ID, "filename", "a.png", "size", 3, "mime_type", "image/png");
        assertThat(create(map("cover", given)).values().get("cover")).isEqualTo(new Jdbc.JsonValue(given));
        Map<String, Object> body = new HashMap<>();
        body.put("cover", null);
        assertThat(create(body).values()).containsEntry("cover", null);
    }

    @Test
    void anythingElseIsATypeError() {
        for (Object bad : new Object[] {"not-a-uuid", "", 42, true, list(ID), 1.5}) {
            assertThatThrownBy(() -> create(map("cover", bad))).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(e.details()).containsExactly(map("field", "cover", "rule", "type",
                        "message", "cover must be a file id or a file object"));
            });
        }
    }

    @Test
    void nestedChildRowsAreTreatedAlike() {
        RowPlan ok = create(map("title", "t", "photos", map("data", list(map("image", ID)))));
        assertThat(ok.nested().get(0).rows().get(0).values().get("image")).isEqualTo(UUID.fromString(ID));

        assertThatThrownBy(() -> create(map("photos", map("data", list(map("image", ID), map("image", 7))))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.details()).containsExactly(
                        map("relation", "photos", "index", 1, "field", "image", "rule", "type",
                                "message", "image must be a file id or a file object")));
    }
}
