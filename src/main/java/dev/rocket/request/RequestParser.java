package dev.rocket.request;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Query string → {@link ReadRequest} (docs/query.md). No SQL, no metadata. */
public final class RequestParser {
    public static final int DEFAULT_PER_PAGE = 25;
    public static final int MAX_PER_PAGE = 100;
    private static final int MAX_FILTERS = 50;
    private static final int MAX_INCLUDES = 20;
    private static final int MAX_SORT_KEYS = 10;
    private static final int MAX_FIELDS = 200;

    private RequestParser() {
    }

    public static ReadRequest parse(Map<String, List<String>> query) {
        List<ReadRequest.FilterParam> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("filter[") && k.endsWith("]")) {
                String path = k.substring(7, k.length() - 1);
                for (String v : e.getValue()) {
                    filters.add(new ReadRequest.FilterParam(path, v == null ? "" : v));
                }
            }
        }
        if (filters.size() > MAX_FILTERS) {
            throw ApiException.badPayload("Too many filters (at most " + MAX_FILTERS + ")");
        }
        List<ReadRequest.SortKey> sort = new ArrayList<>();
        String s = first(query, "sort");
        if (s != null && !s.isBlank()) {
            for (String part : s.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                boolean desc = p.startsWith("-");
                String f = desc || p.startsWith("+") ? p.substring(1).trim() : p;
                if (f.isEmpty()) {
                    throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown sort field: " + p);
                }
                sort.add(new ReadRequest.SortKey(f, desc));
            }
            if (sort.size() > MAX_SORT_KEYS) {
                throw ApiException.badPayload("Too many sort keys (at most " + MAX_SORT_KEYS + ")");
            }
        }
        int page = positive(first(query, "page"), 1, Integer.MAX_VALUE);
        int perPage = Math.min(positive(first(query, "per_page"), DEFAULT_PER_PAGE, MAX_PER_PAGE), MAX_PER_PAGE);
        LinkedHashSet<String> include = new LinkedHashSet<>();
        for (String inc : query.getOrDefault("include", List.of())) {
            if (inc == null) {
                continue;
            }
            for (String part : inc.split(",")) {
                if (!part.trim().isEmpty()) {
                    include.add(part.trim());
                }
            }
        }
        if (include.size() > MAX_INCLUDES) {
            throw ApiException.badPayload("Too many includes (at most " + MAX_INCLUDES + ")");
        }
        ReadRequest.CountMode count = countMode(first(query, "count"));
        String after = first(query, "after"); // "" (after=) asks for the first keyset page
        if (after != null) {
            after = after.trim();
        }
        if (after != null && first(query, "page") != null && page != 1) {
            throw ApiException.badPayload("page and after cannot be combined: after continues from a cursor");
        }
        return new ReadRequest(filters, sort, page, perPage, List.copyOf(include), count, after, fields(query));
    }

    private static ReadRequest.CountMode countMode(String v) {
        if (v == null || v.isBlank()) {
            return ReadRequest.CountMode.EXACT;
        }
        return switch (v.trim()) {
            case "exact" -> ReadRequest.CountMode.EXACT;
            case "estimated" -> ReadRequest.CountMode.ESTIMATED;
            case "none" -> ReadRequest.CountMode.NONE;
            default -> throw ApiException.badPayload("Unknown count mode: " + shorten(v)
                    + " (allowed: exact, estimated, none)");
        };
    }

    /** {@code fields=a,b,rel.c}: names as written (trimmed, without duplicates); resolved by the planner. */
    private static List<String> fields(Map<String, List<String>> query) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : query.getOrDefault("fields", List.of())) {
            if (v == null) {
                continue;
            }
            for (String part : v.split(",")) {
                if (!part.trim().isEmpty()) {
                    out.add(part.trim());
                }
            }
        }
        if (out.size() > MAX_FIELDS) {
            throw ApiException.badPayload("Too many fields (at most " + MAX_FIELDS + ")");
        }
        return List.copyOf(out);
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    private static String first(Map<String, List<String>> q, String k) {
        List<String> v = q.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Non-numeric or < 1 → fallback; numbers too large → clamp. Never an error. */
    static int positive(String v, int fallback, int max) {
        if (v == null) {
            return fallback;
        }
        String t = v.trim();
        int end = t.length();
        if (end == 0 || end > 400) {
            return fallback;
        }
        for (int i = 0; i < end; i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return fallback;
            }
        }
        int start = 0;
        while (start < end - 1 && t.charAt(start) == '0') {
            start++; // leading zeros do not make a number large
        }
        if (end - start > 10) {
            return max;
        }
        long n = Long.parseLong(t, start, end, 10);
        if (n < 1) {
            return fallback;
        }
        return (int) Math.min(n, max);
    }
}
