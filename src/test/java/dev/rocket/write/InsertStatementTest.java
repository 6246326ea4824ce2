package dev.rocket.write;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.db.SqlFragment;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.EntityParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The INSERT of one record, and of several new children in one statement. */
class InsertStatementTest {
    private static final EntityDef TAG = EntityParser.parse(entity("tag", "tags", false, pk("id", "uuid", true),
            field("id", "uuid"), field("item_id", "uuid"), field("label", "string"), field("rank", "int"),
            field("created_at", "timestamp", "auto", "create")));

    @Test
    void oneRowBindsWhatItGivesAndSetsAutoFields() {
        SqlFragment s = WriteExecutor.insertStatement(TAG, List.of(map("item_id", "p", "label", "a")));
        assertThat(s.sql()).isEqualTo("INSERT INTO \"tags\" AS t (\"item_id\", \"label\", \"created_at\") VALUES (?, ?, NOW())"
                + " RETURNING t.\"id\", t.\"item_id\", t.\"label\", t.\"rank\", t.\"created_at\"");
        assertThat(s.binds()).containsExactly("p", "a");
    }

    @Test
    void severalRowsShareTheColumnsAnyOfThemGivesAndTakeDefaultsForTheOthers() {
        List<Map<String, Object>> rows = List.of(map("item_id", "p", "label", "a"), map("item_id", "p", "rank", 2),
                map("item_id", "p"));
        SqlFragment s = WriteExecutor.insertStatement(TAG, rows);
        assertThat(s.sql()).isEqualTo("INSERT INTO \"tags\" AS t (\"item_id\", \"label\", \"rank\", \"created_at\") VALUES "
                + "(?, ?, DEFAULT, NOW()), (?, DEFAULT, ?, NOW()), (?, DEFAULT, DEFAULT, NOW())"
                + " RETURNING t.\"id\", t.\"item_id\", t.\"label\", t.\"rank\", t.\"created_at\"");
        assertThat(s.binds()).containsExactly("p", "a", "p", 2, "p");
    }

    @Test
    void aRowWithNoColumnIsDefaultValues() {
        EntityDef bare = EntityParser.parse(entity("bare", "bares", false, pk("id", "int", true), field("id", "int")));
        assertThat(WriteExecutor.insertStatement(bare, List.of(map())).sql())
                .isEqualTo("INSERT INTO \"bares\" AS t DEFAULT VALUES RETURNING t.\"id\"");
    }
}
