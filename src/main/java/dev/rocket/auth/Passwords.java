package dev.rocket.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.rocket.error.ApiException;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt (cost 10) hashing and verification; accepts $2a$, $2b$ and $2y$ hashes. Also the one rule for
 * every password a user sets (admin API and self-service change alike).
 */
public final class Passwords {
    public static final int COST = 10;
    /** Shortest password a user may set. */
    public static final int MIN_LENGTH = 8;
    /** Longest password accepted by the API; bcrypt itself only reads the first 72 bytes. */
    public static final int MAX_LENGTH = 1024;

    private static final BCrypt.Hasher HASHER =
            BCrypt.with(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
    /** Verified against when the user is unknown, so that both cases take the same time. */
    private static final String DUMMY_HASH = hash("rocket-timing-equaliser");

    private Passwords() {
    }

    /**
     * A new password, checked: a string of {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters without
     * NUL; else 422 naming {@code field}. Absent or empty values are the caller's to handle first.
     */
    public static String requireValid(String field, Object value) {
        if (!(value instanceof String s)) {
            throw ApiException.validation(field + " must be a string");
        }
        if (s.indexOf('\u0000') >= 0) {
            throw ApiException.validation(field + " must not contain NUL characters");
        }
        if (s.length() < MIN_LENGTH) {
            throw ApiException.validation(field + " must be at least " + MIN_LENGTH + " characters");
        }
        if (s.length() > MAX_LENGTH) {
            throw ApiException.validation(field + " must be at most " + MAX_LENGTH + " characters");
        }
        return s;
    }

    public static String hash(String password) {
        return HASHER.hashToString(COST, password.toCharArray());
    }

    public static boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            VERIFYER.verify("x".getBytes(StandardCharsets.UTF_8), DUMMY_HASH.getBytes(StandardCharsets.UTF_8));
            return false;
        }
        try {
            return VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Burns the time of one verification (unknown user). */
    public static void verifyDummy(String password) {
        verify(password == null ? "" : password, DUMMY_HASH);
    }
}
