package dev.rocket.it.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWTs (independent of the server's JWT library) to probe token verification: the right
 * secret and issuer with one thing wrong each time (expired, {@code alg: none}, HS512 …).
 */
public final class Jwts {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    /** Claims as Rocket issues them: iss, sub, iat, exp = iat + ttl, roles. */
    public static Map<String, Object> claims(String issuer, String subject, List<String> roles, long iat, long exp) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("sub", subject);
        c.put("iat", iat);
        c.put("exp", exp);
        c.put("roles", roles);
        return c;
    }

    public static Map<String, Object> validClaims(String issuer, String subject, List<String> roles) {
        long now = Instant.now().getEpochSecond();
        return claims(issuer, subject, roles, now, now + 900);
    }

    /** alg is HS256 or HS512: signed with the secret's UTF-8 bytes (as Rocket does). */
    public static String hmac(String alg, String secret, Map<String, Object> claims) {
        String javaAlg = switch (alg) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException(alg);
        };
        String signingInput = part(Map.of("alg", alg, "typ", "JWT")) + "." + part(claims);
        try {
            Mac mac = Mac.getInstance(javaAlg);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlg));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code "alg":"none"}, empty signature). */
    public static String none(Map<String, Object> claims) {
        return part(Map.of("alg", "none", "typ", "JWT")) + "." + part(claims) + ".";
    }

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Http.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** The claims of a token, without verifying it. */
    public static Map<String, Object> decode(String token) {
        String[] parts = token.split("\\.");
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Http.JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
            return m;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JWT: " + token, e);
        }
    }
}
