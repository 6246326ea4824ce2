package dev.rocket.request;

import java.util.List;

/**
 * A parsed list/get query string, before any metadata is consulted: filters as written, sort keys,
 * page, per_page, includes, how to count ({@code count}), the keyset cursor ({@code after}) and the sparse
 * fieldset ({@code fields}). Names are resolved later by the planner.
 */
public record ReadRequest(List<FilterParam> filters, List<SortKey> sort, int page, int perPage, List<String> include,
                          CountMode count, String after, List<String> fields) {

    public ReadRequest(List<FilterParam> filters, List<SortKey> sort, int page, int perPage, List<String> include) {
        this(filters, sort, page, perPage, include, CountMode.EXACT, null, List.of());
    }

    /** {@code filter[path]=value} where path is {@code field}, {@code field.op}, {@code rel.field} or {@code rel.field.op}. */
    public record FilterParam(String path, String value) {
    }

    public record SortKey(String field, boolean descending) {
    }

    /** {@code count=exact} (the default), {@code estimated} (the planner's estimate) or {@code none}. */
    public enum CountMode {
        EXACT, ESTIMATED, NONE
    }
}
