package dev.rocket.auth;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Login, refresh (with rotation), logout and a user's own password change against one user store.
 * Refresh tokens are 256-bit random strings; only their SHA-256 hash is stored. A refresh atomically
 * deletes the used row, so a token can be redeemed once.
 */
public final class AuthService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long refreshTtlSeconds;
    private final LoginThrottle throttle;

    public AuthService(long refreshTtlSeconds, LoginThrottle throttle) {
        this.refreshTtlSeconds = refreshTtlSeconds;
        this.throttle = throttle;
    }

    /**
     * @param client the caller's address (see {@code TrustedProxies}): with the normalised e-mail it keys login throttling
     *               (the body's other fields play no part, so they cannot be varied to get around it)
     */
    public Map<String, Object> login(DataSource ds, UserTables t, TokenIssuer issuer, Map<String, Object> body,
                                     String client) {
        String email = text(body.get("email"));
        String password = text(body.get("password"));
        if (email == null || password == null || email.isEmpty() || password.isEmpty()) {
            throw ApiException.unauthorized("Email and password are required");
        }
        if (password.length() > Passwords.MAX_LENGTH || email.length() > 320 || email.indexOf('\u0000') >= 0) {
            throw ApiException.unauthorized("Invalid email or password");
        }
        String throttleKey = throttleKey(email, client);
        throttle.reserve(ds, t, throttleKey); // counted before the password is looked at
        Map<String, Object> user = Tx.autoCommit(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT id, password_hash, roles, active FROM " + t.users() + " WHERE email = ?", email)));
        if (user == null) {
            Passwords.verifyDummy(password);
            throw ApiException.unauthorized("Invalid email or password");
        }
        if (!Passwords.verify(password, (String) user.get("password_hash"))) {
            throw ApiException.unauthorized("Invalid email or password");
        }
        throttle.succeeded(ds, t, throttleKey);
        if (!Boolean.TRUE.equals(user.get("active"))) {
            throw ApiException.unauthorized("Account is disabled");
        }
        String userId = (String) user.get("id");
        List<String> roles = roles(user.get("roles"));
        return Tx.inTransaction(ds, c -> issuePair(c, t, issuer, userId, roles, UUID.randomUUID()));
    }

    public Map<String, Object> refresh(DataSource ds, UserTables t, TokenIssuer issuer, Map<String, Object> body) {
        String token = text(body.get("refresh_token"));
        if (token == null || token.isEmpty()) {
            throw ApiException.unauthorized("Refresh token is required");
        }
        String hash = sha256(token);
        // Redeeming marks the row used (committed even when the answer is 401). A token that was already
        // redeemed is a stolen or replayed one: every refresh token of its user is revoked (docs/concepts.md#sign-in-and-tokens, issue 5).
        Map<String, Object> row = Tx.autoCommit(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "UPDATE " + t.refreshTokens() + " SET used_at = NOW() WHERE token_hash = ? AND used_at IS NULL "
                        + "RETURNING user_id, family, expires_at < NOW() AS expired", hash)));
        if (row == null) {
            Tx.autoCommit(ds, c -> Jdbc.update(c, SqlFragment.of("DELETE FROM " + t.refreshTokens() + " WHERE user_id IN "
                    + "(SELECT user_id FROM " + t.refreshTokens() + " WHERE token_hash = ? AND used_at IS NOT NULL)", hash)));
            throw ApiException.unauthorized("Invalid refresh token");
        }
        if (Boolean.TRUE.equals(row.get("expired"))) {
            Tx.autoCommit(ds, c -> Jdbc.update(c, SqlFragment.of("DELETE FROM " + t.refreshTokens() + " WHERE token_hash = ?", hash)));
            throw ApiException.unauthorized("Refresh token expired");
        }
        String userId = (String) row.get("user_id");
        return Tx.inTransaction(ds, c -> {
            Map<String, Object> user = Jdbc.queryOne(c, SqlFragment.of(
                    "SELECT roles, active FROM " + t.users() + " WHERE id = ?", UUID.fromString(userId)));
            if (user == null) {
                throw ApiException.unauthorized("Invalid refresh token");
            }
            if (!Boolean.TRUE.equals(user.get("active"))) {
                throw ApiException.unauthorized("Account is disabled");
            }
            return issuePair(c, t, issuer, userId, roles(user.get("roles")),
                    UUID.fromString((String) row.get("family")));
        });
    }

    public void logout(DataSource ds, UserTables t, Map<String, Object> body) {
        String token = text(body.get("refresh_token"));
        if (token == null || token.isEmpty()) {
            throw ApiException.unauthorized("Refresh token is required");
        }
        Tx.autoCommit(ds, c -> Jdbc.update(c, SqlFragment.of(
                "DELETE FROM " + t.refreshTokens() + " WHERE token_hash = ?", sha256(token))));
    }

    /**
     * The signed-in user changes their own password: {@code current_password} must be right (401
     * otherwise; such guesses count against the same throttle as logins), {@code new_password} follows
     * {@link Passwords#requireValid}. Every refresh token of the user is revoked — all sessions, this one
     * included — and the answer is a fresh token pair for the caller, so only this client stays signed in
     * (access tokens already handed out elsewhere expire within their short TTL).
     */
    public Map<String, Object> changePassword(DataSource ds, UserTables t, TokenIssuer issuer, String userId,
                                              Map<String, Object> body, String client) {
        String current = text(body.get("current_password"));
        if (current == null || current.isEmpty()) {
            throw ApiException.validation("current_password is required");
        }
        Object next = body.get("new_password");
        if (next == null || "".equals(next)) {
            throw ApiException.validation("new_password is required");
        }
        String password = Passwords.requireValid("new_password", next);
        if (password.equals(current)) {
            throw ApiException.validation("new_password must differ from current_password");
        }
        UUID id = UUID.fromString(userId);
        Map<String, Object> user = Tx.autoCommit(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT email, password_hash, roles FROM " + t.users() + " WHERE id = ? AND active", id)));
        if (user == null) {
            throw ApiException.unauthorized("Invalid or expired token");
        }
        String throttleKey = throttleKey((String) user.get("email"), client);
        throttle.reserve(ds, t, throttleKey);
        String oldHash = (String) user.get("password_hash");
        if (current.length() > Passwords.MAX_LENGTH || !Passwords.verify(current, oldHash)) {
            throw ApiException.unauthorized("Current password is incorrect");
        }
        throttle.succeeded(ds, t, throttleKey);
        String newHash = Passwords.hash(password);
        return Tx.inTransaction(ds, c -> {
            // the hash read above must still be the stored one: a concurrent change wins, this one is refused
            int changed = Jdbc.update(c, SqlFragment.of("UPDATE " + t.users()
                    + " SET password_hash = ?, updated_at = NOW() WHERE id = ? AND password_hash = ?", newHash, id, oldHash));
            if (changed == 0) {
                throw ApiException.unauthorized("Current password is incorrect");
            }
            revokeAll(c, t, id);
            return issuePair(c, t, issuer, userId, roles(user.get("roles")), UUID.randomUUID());
        });
    }

    /** Revokes every refresh token of a user (password, role or status change; user deletion). */
    public static void revokeAll(Connection c, UserTables t, UUID userId) throws SQLException {
        Jdbc.update(c, SqlFragment.of("DELETE FROM " + t.refreshTokens() + " WHERE user_id = ?", userId));
    }

    private Map<String, Object> issuePair(Connection c, UserTables t, TokenIssuer issuer, String userId,
                                          List<String> roles, UUID family) throws SQLException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        // housekeeping: rows of this user that can no longer be redeemed or detected go
        Jdbc.update(c, SqlFragment.of("DELETE FROM " + t.refreshTokens() + " WHERE user_id = ? AND expires_at < NOW()",
                UUID.fromString(userId)));
        Jdbc.update(c, SqlFragment.of("INSERT INTO " + t.refreshTokens()
                        + " (user_id, token_hash, family, expires_at) VALUES (?, ?, ?, ?)",
                UUID.fromString(userId), sha256(refresh), family, Instant.now().plusSeconds(refreshTtlSeconds)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", issuer.issue(userId, roles));
        out.put("refresh_token", refresh);
        out.put("expires_in", issuer.ttlSeconds());
        out.put("token_type", "Bearer");
        return out;
    }

    /** Login attempts are counted per normalised e-mail and client address. */
    private static String throttleKey(String email, String client) {
        return sha256(email.trim().toLowerCase(Locale.ROOT) + "|" + client);
    }

    @SuppressWarnings("unchecked")
    static List<String> roles(Object v) {
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
