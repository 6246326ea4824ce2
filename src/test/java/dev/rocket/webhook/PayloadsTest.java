package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.auth.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delivery bodies (SPEC §12 payload, G-50). */
class PayloadsTest {
    private static final Instant AT = Instant.parse("2025-02-28T10:00:00.123456Z");
    private static final Caller CLERK = new Caller("u1", List.of("clerk"), false);

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void createHasRecordUserTimestampAndKeyButNoOldOrChanges() {
        Map<String, Object> p = Payloads.build("after_write", "order", "create", row("id", "1", "state", "open"), null,
                CLERK, AT, "wh_k");
        assertThat(p).containsOnlyKeys("event", "entity", "action", "record", "user", "timestamp", "idempotency_key");
        assertThat(p.get("event")).isEqualTo("after_write");
        assertThat(p.get("entity")).isEqualTo("order");
        assertThat(p.get("action")).isEqualTo("create");
        assertThat(p.get("record")).isEqualTo(row("id", "1", "state", "open"));
        assertThat(p.get("user")).isEqualTo(row("id", "u1", "roles", List.of("clerk")));
        assertThat(p.get("timestamp")).isEqualTo("2025-02-28T10:00:00.123Z");
        assertThat(p.get("idempotency_key")).isEqualTo("wh_k");
    }

    @Test
    void updateHasOldAndChangesOfTheKeysWhoseStringFormDiffers() {
        Map<String, Object> old = row("id", "1", "state", "open", "qty", new BigDecimal("2"), "note", null);
        Map<String, Object> rec = row("id", "1", "state", "done", "qty", new BigDecimal("2"), "note", "n");
        Map<String, Object> p = Payloads.build("before_write", "order", "update", rec, old, CLERK, AT, "wh_k");
        assertThat(p.get("old")).isEqualTo(old);
        assertThat(p.get("changes")).isEqualTo(row(
                "state", row("old", "open", "new", "done"),
                "note", row("old", null, "new", "n")));
    }

    @Test
    void changesCompareByStringForm() {
        Map<String, Object> ch = Payloads.changes(row("a", 1, "b", List.of(1, 2), "c", "x"),
                row("a", 1L, "b", List.of(1, 2), "c", "y"));
        assertThat(ch).containsOnlyKeys("c");
    }

    @Test
    void deleteCarriesTheRowAsItWasWithoutOldOrChanges() {
        Map<String, Object> was = row("id", "9", "state", "open");
        Map<String, Object> p = Payloads.build("after_delete", "order", "delete", was, was, CLERK, AT, "wh_k");
        assertThat(p).doesNotContainKeys("old", "changes");
        assertThat(p.get("record")).isEqualTo(was);
    }

    @Test
    void userIsOmittedWithoutACaller() {
        Map<String, Object> p = Payloads.build("after_write", "order", "create", row("id", "1"), null, null, AT, "wh_k");
        assertThat(p).doesNotContainKey("user");
        assertThat(Payloads.user(new Caller(null, List.of(), false))).isNull();
    }

    @Test
    void payloadRecordIsACopy() {
        Map<String, Object> rec = row("id", "1");
        Map<String, Object> p = Payloads.build("after_write", "order", "create", rec, null, CLERK, AT, "wh_k");
        rec.put("lines", List.of());
        assertThat(((Map<?, ?>) p.get("record")).containsKey("lines")).isFalse();
    }

    @Test
    void idempotencyKeysAreWhPlusAUuidAndUnique() {
        String a = Payloads.newIdempotencyKey();
        String b = Payloads.newIdempotencyKey();
        assertThat(a).matches("wh_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void conditionEnvironmentHasEveryNameEvenWhenAbsent() {
        Map<String, Object> p = Payloads.build("after_write", "order", "create", row("id", "1"), null, null, AT, "k");
        Map<String, Object> env = Payloads.conditionEnv(p);
        assertThat(env).containsOnlyKeys("record", "old", "changes", "action", "entity", "event", "user");
        assertThat(env.get("old")).isNull();
        assertThat(env.get("action")).isEqualTo("create");
        assertThat(env.get("record")).isEqualTo(row("id", "1")).isNotSameAs(p.get("record"));
    }
}
