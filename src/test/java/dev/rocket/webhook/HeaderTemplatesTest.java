package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Delivery headers: Content-Type plus configured headers with {{env.NAME}} resolved (SPEC §12). */
class HeaderTemplatesTest {
    private static final UnaryOperator<String> ENV = name -> Map.of("HOOK_KEY", "s3cret", "REGION", "eu").get(name);

    @Test
    void contentTypeComesFirstThenConfiguredHeadersTemplated() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("X-Key", "{{env.HOOK_KEY}}");
        configured.put("X-Static", "static-value");
        assertThat(HeaderTemplates.resolve(configured, ENV)).containsExactly(
                Map.entry("Content-Type", "application/json"),
                Map.entry("X-Key", "s3cret"),
                Map.entry("X-Static", "static-value"));
    }

    @Test
    void unsetVariablesBecomeEmpty() {
        assertThat(HeaderTemplates.template("Bearer {{env.MISSING}}", ENV)).isEqualTo("Bearer ");
    }

    @Test
    void everyPlaceholderIsReplacedAndSpacesAreAllowed() {
        assertThat(HeaderTemplates.template("{{env.HOOK_KEY}}:{{ env.REGION }}:{{env.HOOK_KEY}}", ENV))
                .isEqualTo("s3cret:eu:s3cret");
    }

    @Test
    void otherBracesAndReplacementCharactersAreLiteral() {
        assertThat(HeaderTemplates.template("{{user.id}} $1 \\", ENV)).isEqualTo("{{user.id}} $1 \\");
        assertThat(HeaderTemplates.template("{{env.X}}", n -> "a$1\\b")).isEqualTo("a$1\\b");
    }

    @Test
    void aConfiguredContentTypeReplacesTheDefault() {
        Map<String, String> out = HeaderTemplates.resolve(Map.of("content-type", "application/cloudevents+json"), ENV);
        assertThat(out).containsExactly(Map.entry("content-type", "application/cloudevents+json"));
    }

    @Test
    void lineBreaksFromTheEnvironmentAreDropped() {
        assertThat(HeaderTemplates.template("{{env.X}}", n -> "a\r\nX-Evil: 1")).isEqualTo("aX-Evil: 1");
    }

    @Test
    void onlyRocketHookVariablesAreRead() {
        UnaryOperator<String> environment = n -> Map.of("ROCKET_HOOK_KEY", "k1", "ROCKET_PLATFORM_JWT_SECRET", "jwt",
                "ROCKET_DB_PASSWORD", "pw", "PATH", "/bin").get(n);
        assertThat(HeaderTemplates.serverEnvironment("ROCKET_HOOK_KEY", environment)).isEqualTo("k1");
        assertThat(HeaderTemplates.serverEnvironment("ROCKET_PLATFORM_JWT_SECRET", environment)).isEmpty();
        assertThat(HeaderTemplates.serverEnvironment("ROCKET_DB_PASSWORD", environment)).isEmpty();
        assertThat(HeaderTemplates.serverEnvironment("PATH", environment)).isEmpty();
        assertThat(HeaderTemplates.serverEnvironment("ROCKET_HOOK_UNSET", environment)).isEmpty();
    }

    @Test
    void systemPropertiesAreNeverRead() {
        String name = "ROCKET_HOOK_TEST_" + System.nanoTime();
        System.setProperty(name, "from-property");
        try {
            assertThat(HeaderTemplates.serverEnvironment(name)).isEmpty();
            assertThat(HeaderTemplates.template("{{env." + name + "}}", HeaderTemplates::serverEnvironment)).isEmpty();
        } finally {
            System.clearProperty(name);
        }
        assertThat(HeaderTemplates.template("{{env.PATH}}", HeaderTemplates::serverEnvironment)).isEmpty();
    }

    @Test
    void storedHeadersAreTheTemplates() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("X-Key", "{{env.ROCKET_HOOK_KEY}}");
        assertThat(HeaderTemplates.withContentType(configured)).containsExactly(
                Map.entry("Content-Type", "application/json"),
                Map.entry("X-Key", "{{env.ROCKET_HOOK_KEY}}"));
    }
}
