package dev.rocket.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;

/** bcrypt (cost 10) hashing and verification; accepts $2a$, $2b$ and $2y$ hashes. */
public final class Passwords {
    public static final int COST = 10;
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
