package dev.rocket.write;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.db.SqlFragment;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.EntityParser;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code changes} column of audit rows (SPEC §6.7). */
class AuditLogTest {

    private static Map<String, Object> change(Object oldValue, Object newValue) {
        return map("old", oldValue, "new", newValue);
    }

    @Test
    void updateListsExactlyTheChangedFields() {
        Map<String, Object> before = map("id", 1, "qty", 1, "name", "a", "note", "x", "deleted_at", null);
        Map<String, Object> after = map("id", 1, "qty", 7, "name", "a", "note", null, "deleted_at", null);
        assertThat(AuditLog.diff(before, after)).containsExactly(
                Map.entry("qty", change(1, 7)),
                Map.entry("note", change("x", null)));
    }

    @Test
    void updateFromNullAndNewKeysAreChanges() {
        Map<String, Object> before = map("id", 1, "note", null);
        Map<String, Object> after = map("id", 1, "note", "n", "extra", 3);
        assertThat(AuditLog.diff(before, after)).containsExactly(
                Map.entry("note", change(null, "n")),
                Map.entry("extra", change(null, 3)));
    }

    @Test
    void nothingChangedGivesAnEmptyMap() {
        Map<String, Object> row = map("id", 1, "meta", map("a", List.of(1, 2)), "price", new BigDecimal("1.50"));
        Map<String, Object> same = map("id", 1, "meta", map("a", List.of(1, 2)), "price", new BigDecimal("1.50"));
        assertThat(AuditLog.diff(row, same)).isEmpty();
    }

    @Test
    void nestedJsonValuesAreComparedByValue() {
        assertThat(AuditLog.diff(map("meta", map("a", 1)), map("meta", map("a", 2))))
                .containsExactly(Map.entry("meta", change(map("a", 1), map("a", 2))));
    }

    @Test
    void deletedAtIsNeverAChange() {
        assertThat(AuditLog.diff(map("id", 1, "deleted_at", null), map("id", 1, "deleted_at", "2024-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void createListsEveryNonNullValueAsNew() {
        Map<String, Object> row = map("id", 1, "qty", 2, "note", null, "deleted_at", null);
        assertThat(AuditLog.diff(null, row)).containsExactly(
                Map.entry("id", change(null, 1)),
                Map.entry("qty", change(null, 2)));
    }

    @Test
    void deleteListsEveryNonNullValueAsOld() {
        Map<String, Object> row = map("id", 1, "qty", 2, "note", null, "deleted_at", null);
        assertThat(AuditLog.diff(row, null)).containsExactly(
                Map.entry("id", change(1, null)),
                Map.entry("qty", change(2, null)));
    }

    @Test
    void bothSidesMissingGivesNothing() {
        assertThat(AuditLog.diff(null, null)).isEmpty();
    }

    private static final EntityDef DOC = EntityParser.parse(entity("doc", "docs", true, pk("id", "int", true),
            field("id", "int"), field("title", "string"), field("at", "timestamp"), field("deleted_at", "timestamp")));

    @Test
    void aCreateWritesItsAuditRowInItsOwnStatement() {
        SqlFragment insert = SqlFragment.builder().sql("INSERT INTO \"docs\" AS t (\"title\") VALUES (").bind("a")
                .sql(") RETURNING ").sql(DOC.selectList()).build();
        SqlFragment s = new AuditLog("u1").createdInStatement(DOC, insert);
        assertThat(s.sql()).isEqualTo("WITH t AS (INSERT INTO \"docs\" AS t (\"title\") VALUES (?) RETURNING t.\"id\", "
                + "t.\"title\", t.\"at\", t.\"deleted_at\"), a AS (INSERT INTO _audit_log (entity, record_id, action, changes, "
                + "user_id) SELECT ?, t.\"id\"::text, 'create', (SELECT COALESCE(jsonb_object_agg(d.k, "
                + "jsonb_build_object('old', NULL, 'new', d.v)), '{}') FROM (VALUES ('id', to_jsonb(t.\"id\")), "
                + "('title', to_jsonb(t.\"title\")), ('at', to_jsonb(CASE WHEN (t.\"at\" AT TIME ZONE 'UTC') >= "
                + "'10000-01-01' THEN '+' ELSE '' END || to_char((t.\"at\" AT TIME ZONE 'UTC'), "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')))) AS d(k, v) WHERE d.v IS NOT NULL AND d.v <> 'null'::jsonb), ? "
                + "FROM t) SELECT * FROM t");
        assertThat(s.binds()).containsExactly("a", "doc", "u1");
    }
}
