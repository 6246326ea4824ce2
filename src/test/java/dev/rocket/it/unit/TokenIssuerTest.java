package dev.rocket.it.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.auth.Caller;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.it.support.Jwts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link TokenIssuer}: HS256 only, exp/sub/issuer required, no database. */
class TokenIssuerTest {
    private static final String SECRET = "0123456789abcdef".repeat(4);
    private static final String ISSUER = "rocket:app:demo";
    private final TokenIssuer issuer = new TokenIssuer(SECRET, ISSUER, 900);

    @Test
    void issuedTokensVerify() {
        String token = issuer.issue("user-1", List.of("admin", "clerk"));
        Caller c = issuer.verify(token, false);
        assertThat(c).isNotNull();
        assertThat(c.id()).isEqualTo("user-1");
        assertThat(c.roles()).containsExactly("admin", "clerk");
        assertThat(c.platform()).isFalse();
        assertThat(c.isAdmin()).isTrue();
        assertThat(issuer.verify(token, true).platform()).isTrue();
    }

    @Test
    void claimsAreTheDocumentedOnes() {
        Map<String, Object> claims = Jwts.decode(issuer.issue("user-1", List.of()));
        assertThat(claims).containsEntry("iss", ISSUER).containsEntry("sub", "user-1").containsEntry("roles", List.of());
        long iat = ((Number) claims.get("iat")).longValue();
        long exp = ((Number) claims.get("exp")).longValue();
        assertThat(exp - iat).isEqualTo(900);
        assertThat(iat).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        assertThat(issuer.ttlSeconds()).isEqualTo(900);
    }

    @Test
    void wrongSecretOrIssuerIsRefused() {
        String token = issuer.issue("user-1", List.of("admin"));
        assertThat(new TokenIssuer(SECRET + "x", ISSUER, 900).verify(token, false)).isNull();
        assertThat(new TokenIssuer(SECRET, "rocket:app:other", 900).verify(token, false)).isNull();
        assertThat(new TokenIssuer(SECRET, "rocket:platform", 900).verify(token, true)).isNull();
    }

    @Test
    void expiredTokensAreRefused() {
        String expired = new TokenIssuer(SECRET, ISSUER, -120).issue("user-1", List.of("admin"));
        assertThat(issuer.verify(expired, false)).isNull();
        long now = Instant.now().getEpochSecond();
        String handMade = Jwts.hmac("HS256", SECRET, Jwts.claims(ISSUER, "user-1", List.of(), now - 7200, now - 3600));
        assertThat(issuer.verify(handMade, false)).isNull();
    }

    @Test
    void handMadeHs256TokensVerifySoTheNegativeCasesBelowAreMeaningful() {
        String token = Jwts.hmac("HS256", SECRET, Jwts.validClaims(ISSUER, "user-1", List.of("admin")));
        assertThat(issuer.verify(token, false)).isNotNull();
    }

    @Test
    void otherAlgorithmsAreRefused() {
        Map<String, Object> claims = Jwts.validClaims(ISSUER, "user-1", List.of("admin"));
        assertThat(issuer.verify(Jwts.none(claims), false)).isNull();
        assertThat(issuer.verify(Jwts.hmac("HS512", SECRET, claims), false)).isNull();
        assertThat(issuer.verify(Jwts.hmac("HS384", SECRET, claims), false)).isNull();
    }

    @Test
    void missingRequiredClaimsAreRefused() {
        for (String claim : List.of("exp", "iat", "sub", "iss")) {
            Map<String, Object> claims = new LinkedHashMap<>(Jwts.validClaims(ISSUER, "user-1", List.of("admin")));
            claims.remove(claim);
            assertThat(issuer.verify(Jwts.hmac("HS256", SECRET, claims), false)).as("without %s", claim).isNull();
        }
    }

    /** Issue 10 finding 9: a correctly signed token with {@code exp} in the year 3000 was accepted. */
    @Test
    void lifetimeIsBoundedByIatAndTheConfiguredTtl() {
        long now = Instant.now().getEpochSecond();
        long year3000 = Instant.parse("3000-01-01T00:00:00Z").getEpochSecond();
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET, Jwts.claims(ISSUER, "u", List.of(), now, year3000)), false))
                .as("exp in the year 3000").isNull();
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET, Jwts.claims(ISSUER, "u", List.of(), now, now + 901)), false))
                .as("exp - iat one second over the TTL").isNull();
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET, Jwts.claims(ISSUER, "u", List.of(), now, now + 900)), false))
                .as("exp - iat exactly the TTL").isNotNull();
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET,
                Jwts.claims(ISSUER, "u", List.of(), now + 3600, now + 3600 + 900)), false)).as("iat an hour ahead").isNull();
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET,
                Jwts.claims(ISSUER, "u", List.of(), now + 10, now + 10 + 900)), false)).as("iat within the clock skew").isNotNull();
        assertThat(new TokenIssuer(SECRET, ISSUER, 60).verify(issuer.issue("u", List.of()), false))
                .as("issued under a longer TTL than the verifier's").isNull();
    }

    @Test
    void garbageIsRefusedWithoutExceptions() {
        for (String token : new String[] {null, "", "garbage", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9.e30.",
                "x".repeat(10_000)}) {
            assertThat(issuer.verify(token, false)).as("%s", token).isNull();
        }
    }

    @Test
    void nonStringRolesAreIgnored() {
        Map<String, Object> claims = new LinkedHashMap<>(Jwts.validClaims(ISSUER, "user-1", List.of()));
        List<Object> roles = new ArrayList<>(List.of("admin", 1, Map.of("x", "y"), true));
        claims.put("roles", roles);
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET, claims), false).roles()).containsExactly("admin");
        claims.put("roles", "admin");
        assertThat(issuer.verify(Jwts.hmac("HS256", SECRET, claims), false).roles()).isEmpty();
    }
}
