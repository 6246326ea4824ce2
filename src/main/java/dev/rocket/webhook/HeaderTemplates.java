package dev.rocket.webhook;

import dev.rocket.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers of a delivery: {@code Content-Type: application/json} plus the configured ones, with
 * every {@code {{env.NAME}}} replaced when sending by the server's environment variable of that name —
 * only for names starting with {@value #PREFIX}; any other name, and any unset one, becomes empty, and JVM
 * system properties are never read. Resolved values exist only in the outgoing request: logs, outboxes and
 * APIs keep the templates ({@link #withContentType}), so a tenant admin cannot read the server's secrets.
 */
public final class HeaderTemplates {
    private static final Pattern ENV = Pattern.compile("\\{\\{\\s*env\\.([A-Za-z_][A-Za-z0-9_.]*)\\s*}}");
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String JSON = "application/json";

    private HeaderTemplates() {
    }

    /** Only environment variables with this prefix can be put into a header. */
    public static final String PREFIX = Settings.HOOK_PREFIX;

    /** The environment variable {@code name} if it starts with {@link #PREFIX}, else "" (never a system property). */
    public static String serverEnvironment(String name) {
        return serverEnvironment(name, System::getenv);
    }

    static String serverEnvironment(String name, UnaryOperator<String> environment) {
        if (name == null || !name.startsWith(PREFIX)) {
            return "";
        }
        String v = environment.apply(name);
        return v == null ? "" : v;
    }

    /** Headers as stored or configured (a JSON object, values of any type) → name → text; empty otherwise. */
    static Map<String, String> strings(Object raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    /** The headers to send, resolved from the server's environment; never store or return the result. */
    public static Map<String, String> resolve(Map<String, String> configured) {
        return resolve(configured, HeaderTemplates::serverEnvironment);
    }

    /** Content-Type first (a configured Content-Type replaces it), then the configured headers, templated. */
    public static Map<String, String> resolve(Map<String, String> configured, UnaryOperator<String> env) {
        Map<String, String> out = withContentType(configured);
        out.replaceAll((k, v) -> template(v, env));
        return out;
    }

    /** Content-Type first (a configured Content-Type replaces it), then the configured headers as templates. */
    public static Map<String, String> withContentType(Map<String, String> configured) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(CONTENT_TYPE, JSON);
        for (Map.Entry<String, String> e : configured.entrySet()) {
            if (e.getKey().equalsIgnoreCase(CONTENT_TYPE)) {
                out.remove(CONTENT_TYPE);
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    public static String template(String value, UnaryOperator<String> env) {
        if (value == null || value.indexOf("{{") < 0) {
            return value;
        }
        Matcher m = ENV.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(clean(v == null ? "" : v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Environment values must not smuggle line breaks into a header. */
    private static String clean(String v) {
        return v.replace("\r", "").replace("\n", "").replace("\0", "");
    }
}
