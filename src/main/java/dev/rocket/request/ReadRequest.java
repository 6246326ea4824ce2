package dev.rocket.request;

import java.util.List;

/**
 * A parsed list/get query string, before any metadata is consulted: filters as written, sort keys,
 * page, per_page and includes. Names are resolved later by the planner.
 */
public record ReadRequest(List<FilterParam> filters, List<SortKey> sort, int page, int perPage, List<String> include) {

    /** {@code filter[path]=value} where path is {@code field}, {@code field.op}, {@code rel.field} or {@code rel.field.op}. */
    public record FilterParam(String path, String value) {
    }

    public record SortKey(String field, boolean descending) {
    }
}
