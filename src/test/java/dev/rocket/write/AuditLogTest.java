package dev.rocket.write;

import static dev.rocket.metadata.TestMetadata.map;
import static org.assertj.core.api.Assertions.assertThat;

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
}
