package dev.rocket.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs and verifies the access tokens of one scope (the platform, or one app) with its HS256 secret.
 * Verification pins the algorithm to HS256 ({@code none} and every other algorithm are refused),
 * requires {@code exp}, {@code iat}, {@code sub} and this scope's issuer, and bounds the token's lifetime:
 * {@code iat} may not lie in the future (beyond the clock skew) and {@code exp - iat} may not exceed the
 * configured access-token TTL, so a token minted with a far-away {@code exp} is refused even when its
 * signature is good. Thread-safe; built once per scope.
 */
public final class TokenIssuer {
    /** Clock difference tolerated between the node that issued a token and the node that checks it. */
    static final int CLOCK_SKEW_SECONDS = 30;

    private final HmacKey key;
    private final String issuer;
    private final long ttlSeconds;
    private final JwtConsumer consumer;

    public TokenIssuer(String secret, String issuer, long ttlSeconds) {
        this.key = new HmacKey(secret.getBytes(StandardCharsets.UTF_8));
        this.issuer = issuer;
        this.ttlSeconds = ttlSeconds;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setIssuedAtRestrictions(CLOCK_SKEW_SECONDS, Math.toIntExact(Math.max(0, ttlSeconds) + CLOCK_SKEW_SECONDS))
                .setRequireSubject()
                .setExpectedIssuer(issuer)
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setRelaxVerificationKeyValidation()
                .build();
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public String issue(String subject, List<String> roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + ttlSeconds));
        claims.setStringListClaim("roles", roles);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    /** Verified tokens, kept until they expire, so a client's repeated requests skip parsing and HMAC. */
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 50_000;

    private record Verified(Caller caller, long expiresAtMillis) {
    }

    /** The caller named by a valid token, or null when the token is invalid, expired or of another scope. */
    public Caller verify(String token, boolean platform) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        Verified v = verified.get(token);
        long now = System.currentTimeMillis();
        if (v != null) {
            if (now < v.expiresAtMillis()) {
                Caller c = v.caller();
                return c.platform() == platform ? c : new Caller(c.id(), c.roles(), platform);
            }
            verified.remove(token);
        }
        Parsed c = parse(token, platform);
        if (c != null && c.expiresAtMillis() > now) {
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(token, new Verified(c.caller(), c.expiresAtMillis()));
            return c.caller();
        }
        return null;
    }

    private record Parsed(Caller caller, long expiresAtMillis) {
    }

    private Parsed parse(String token, boolean platform) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            if (claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue() > ttlSeconds) {
                return null; // lives longer than this server issues tokens for: not one of ours, or forged
            }
            List<String> roles = new ArrayList<>();
            Object r = claims.getClaimValue("roles");
            if (r instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof String s) {
                        roles.add(s);
                    }
                }
            }
            // cached no longer than the token lives (the clock-skew allowance is not extended)
            return new Parsed(new Caller(claims.getSubject(), roles, platform), claims.getExpirationTime().getValueInMillis());
        } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
            return null;
        }
    }
}
