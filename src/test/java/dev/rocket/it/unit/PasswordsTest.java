package dev.rocket.it.unit;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.rocket.auth.Passwords;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link Passwords}: bcrypt cost 10, and $2a$/$2b$/$2y$ hashes from elsewhere verify. */
class PasswordsTest {

    @Test
    void hashAndVerify() {
        String hash = Passwords.hash("changeme");
        assertThat(hash).startsWith("$2a$10$").hasSize(60);
        assertThat(Passwords.verify("changeme", hash)).isTrue();
        assertThat(Passwords.verify("changeme!", hash)).isFalse();
        assertThat(Passwords.verify("", hash)).isFalse();
        assertThat(Passwords.hash("changeme")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void knownVectorsOfOtherImplementationsVerify() {
        // OpenBSD / OpenWall test vector "U*U", as $2a$ and as $2b$ (same algorithm for short passwords)
        assertThat(Passwords.verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isTrue();
        assertThat(Passwords.verify("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isTrue();
        assertThat(Passwords.verify("U*V", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")).isFalse();
    }

    @Test
    void twoBAndTwoYHashesVerify() {
        for (BCrypt.Version v : new BCrypt.Version[] {BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B,
                BCrypt.Version.VERSION_2Y}) {
            String hash = BCrypt.with(v).hashToString(10, "s3cret-\u00fc".toCharArray());
            assertThat(Passwords.verify("s3cret-\u00fc", hash)).as("%s", hash).isTrue();
            assertThat(Passwords.verify("s3cret-u", hash)).as("%s", hash).isFalse();
        }
    }

    @Test
    void missingOrMalformedInputIsFalseNotAnException() {
        String hash = Passwords.hash("x");
        assertThat(Passwords.verify(null, hash)).isFalse();
        assertThat(Passwords.verify("x", null)).isFalse();
        assertThat(Passwords.verify("x", "")).isFalse();
        assertThat(Passwords.verify("x", "not-a-hash")).isFalse();
        assertThat(Passwords.verify("x", "$2a$10$short")).isFalse();
        assertThat(Passwords.verify("x", "$9z$10$" + "a".repeat(53))).isFalse();
    }

    @Test
    void longPasswordsAreTruncatedAt72BytesLikeOtherBcrypts() {
        String base = "p".repeat(72);
        String hash = Passwords.hash(base + "tail-1");
        assertThat(Passwords.verify(base + "tail-2", hash)).isTrue();
        assertThat(Passwords.verify("p".repeat(71), hash)).isFalse();
    }
}
