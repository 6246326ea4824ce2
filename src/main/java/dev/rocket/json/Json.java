package dev.rocket.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.rocket.error.ApiException;
import java.io.IOException;
import java.util.Map;

/**
 * The one Jackson configuration: decimals as BigDecimal, strict parsing, bounded nesting. Its buffers are
 * recycled through a pool of this mapper's own, not Jackson's default per-thread one: that one leaves a
 * ThreadLocal holding Jackson's buffers in every container thread that served a request, and through them
 * keeps an undeployed web application's class loader.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(1000)
                            .maxStringLength(20_000_000)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {
    }

    /** Parses a request body that must be a JSON object; any other input is a 400 INVALID_PAYLOAD. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badPayload("Invalid JSON body");
        }
        Object v;
        try {
            v = MAPPER.readValue(body, Object.class);
        } catch (IOException e) {
            throw ApiException.badPayload("Invalid JSON body");
        }
        if (!(v instanceof Map)) {
            throw ApiException.badPayload("Invalid JSON body");
        }
        return (Map<String, Object>) v;
    }


    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
