package dev.rocket.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the detail objects of an error envelope ({field, rule, message, relation, index}) and bounds what
 * an error answer echoes back: at most {@value #MAX_DETAILS} details, then one last detail saying how many
 * more there were ({@code {"message":"59900 more details omitted"}}), and no text longer than
 * {@value #MAX_TEXT} characters.
 */
public final class Details {
    /** Details sent in one error answer; the rest are counted in a final detail. */
    public static final int MAX_DETAILS = 100;
    /** Longest message or detail value sent back; longer text is cut and ends with {@value #ELLIPSIS}. */
    public static final int MAX_TEXT = 500;
    static final String ELLIPSIS = "…";

    private Details() {
    }

    public static Map<String, Object> of(String field, String rule, String message) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (field != null) {
            d.put("field", field);
        }
        if (rule != null) {
            d.put("rule", rule);
        }
        d.put("message", message);
        return d;
    }

    public static Map<String, Object> message(String message) {
        return of(null, null, message);
    }

    /**
     * The first {@value #MAX_DETAILS} details, their text values cut to {@value #MAX_TEXT} characters, then,
     * if there were more, {@code {"message":"<n> more details omitted"}}.
     */
    public static List<Map<String, Object>> capped(List<Map<String, Object>> details) {
        int kept = Math.min(details.size(), MAX_DETAILS);
        List<Map<String, Object>> out = new ArrayList<>(kept + 1);
        for (Map<String, Object> d : details.subList(0, kept)) {
            Map<String, Object> c = new LinkedHashMap<>(d);
            c.replaceAll((k, v) -> v instanceof String s ? text(s) : v);
            out.add(c);
        }
        if (details.size() > kept) {
            out.add(message((details.size() - kept) + " more details omitted"));
        }
        return out;
    }

    /** {@code s} cut to {@value #MAX_TEXT} characters (never inside a surrogate pair), else unchanged. */
    public static String text(String s) {
        if (s == null || s.length() <= MAX_TEXT) {
            return s;
        }
        int end = MAX_TEXT - ELLIPSIS.length();
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }
}
