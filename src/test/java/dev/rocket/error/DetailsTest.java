package dev.rocket.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetailsTest {

    @Test
    void keepsTheFirstHundredDetailsAndCountsTheRestInALastOne() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            many.add(Details.of("k" + i, "unknown", "Unknown field: k" + i));
        }
        List<Map<String, Object>> capped = Details.capped(many);
        assertThat(capped).hasSize(101);
        assertThat(capped.get(0)).isEqualTo(Map.of("field", "k0", "rule", "unknown", "message", "Unknown field: k0"));
        assertThat(capped.get(99)).containsEntry("field", "k99");
        assertThat(capped.get(100)).isEqualTo(Map.of("message", "59900 more details omitted"));
    }

    @Test
    void fewDetailsPassUnchanged() {
        List<Map<String, Object>> few = List.of(Details.message("a"), Map.of("relation", "lines", "index", 2, "message", "b"));
        assertThat(Details.capped(few)).isEqualTo(few);
        List<Map<String, Object>> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(Details.message("m" + i));
        }
        assertThat(Details.capped(hundred)).isEqualTo(hundred);
    }

    @Test
    void longTextIsCutWithAnEllipsis() {
        String key = "x".repeat(100_000);
        Map<String, Object> d = Details.capped(List.of(Details.of(key, "unknown", "Unknown field: " + key))).get(0);
        assertThat((String) d.get("field")).hasSize(Details.MAX_TEXT).endsWith("…").startsWith("xxx");
        assertThat((String) d.get("message")).hasSize(Details.MAX_TEXT).startsWith("Unknown field: x");
        assertThat(Details.text("short")).isEqualTo("short");
        assertThat(Details.text("y".repeat(Details.MAX_TEXT))).isEqualTo("y".repeat(Details.MAX_TEXT));
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        String s = "a".repeat(Details.MAX_TEXT - 2) + "😀".repeat(10);
        String cut = Details.text(s);
        assertThat(cut).endsWith("…");
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
    }
}
