package dev.rocket.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link Json#parseObject(byte[])}: a JSON object or 400 INVALID_PAYLOAD. */
class JsonTest {

    private static Map<String, Object> parse(String s) {
        return Json.parseObject(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesObjectsWithDecimalsAsBigDecimal() {
        Map<String, Object> m = parse("{\"a\":1,\"b\":1.10,\"c\":[true,null],\"d\":{\"e\":\"\u00fc\"}}");
        assertThat(m).containsEntry("a", 1).containsEntry("c", java.util.Arrays.asList(true, null))
                .containsEntry("d", Map.of("e", "\u00fc"));
        assertThat(m.get("b")).isEqualTo(new BigDecimal("1.10"));
    }

    @Test
    void everythingButOneObjectIsInvalidPayload() {
        for (String body : List.of("", " ", "[]", "[{}]", "\"x\"", "1", "null", "true", "{", "{\"a\":}", "{} {}",
                "{}x", "{\"a\":1,\"a\":2}", "{\"a\":NaN}", "{'a':1}", "{a:1}", "{\"a\":01}")) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> parse(body));
            assertThat(e).as("body %s", body).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.code().status()).isEqualTo(400);
        }
        ApiException nullBody = catchThrowableOfType(ApiException.class, () -> Json.parseObject((byte[]) null));
        assertThat(nullBody.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        ApiException badUtf8 = catchThrowableOfType(ApiException.class,
                () -> Json.parseObject(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}));
        assertThat(badUtf8.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
    }

    @Test
    void nestingIsBounded() {
        assertThat(parse("{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}")).containsKey("a");
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> parse("{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
    }
}
