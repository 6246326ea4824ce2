package dev.rocket.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.error.ApiException;
import dev.rocket.json.Json;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keyset cursors ({@code after=…}): the values of a page's last row under the list's order keys (the sort
 * asked for, then the primary key), with the order they belong to, as base64url JSON. Opaque to clients: a
 * cursor is only valid for the order it was made for.
 */
public final class Cursor {
    private static final int MAX_LENGTH = 4096;

    private Cursor() {
    }

    public static String encode(List<ReadPlan.Order> order, Map<String, Object> row) {
        List<Object> out = new ArrayList<>(order.size() + 1);
        out.add(signature(order));
        for (ReadPlan.Order o : order) {
            Object v = row.get(o.field().name());
            out.add(v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order-key values a cursor holds, typed by their fields; a cursor that does not fit is 400. */
    public static List<Object> decode(String cursor, List<ReadPlan.Order> order) {
        for (ReadPlan.Order o : order) {
            if (o.field().type().isJson()) {
                throw ApiException.badPayload("after cannot be used when sorting by " + o.field().name()
                        + " (a JSON field); use page instead");
            }
        }
        JsonNode arr;
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            arr = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor.getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
        if (arr == null || !arr.isArray() || arr.size() != order.size() + 1) {
            throw invalid();
        }
        if (!signature(order).equals(arr.get(0).asText())) {
            throw ApiException.badPayload("Invalid cursor in after: it was made for another sort order"
                    + " (use the same sort as the page it came from)");
        }
        List<Object> values = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            JsonNode n = arr.get(i + 1);
            if (n.isNull()) {
                values.add(null);
                continue;
            }
            if (!n.isTextual()) {
                throw invalid();
            }
            FieldDef f = order.get(i).field();
            try {
                values.add(Values.parseText(f.type(), f.precision(), n.asText()));
            } catch (Values.TypeMismatch e) {
                throw invalid();
            }
        }
        return values;
    }

    private static ApiException invalid() {
        return ApiException.badPayload("Invalid cursor in after: pass meta.next_cursor of a previous page unchanged");
    }

    private static String signature(List<ReadPlan.Order> order) {
        StringBuilder sb = new StringBuilder();
        for (ReadPlan.Order o : order) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(o.descending() ? "-" : "").append(o.field().name());
        }
        return sb.toString();
    }
}
