package dev.rocket.auth;

import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** The users admin API of an app (docs/concepts.md#sign-in-and-tokens): password hashes are stored, never returned. */
public final class UserService {
    private static final String COLUMNS = "id, email, roles, active, created_at, updated_at";

    private UserService() {
    }

    public static List<Map<String, Object>> list(DataSource ds) {
        return Tx.autoCommit(ds, c -> Jdbc.query(c, SqlFragment.of("SELECT " + COLUMNS + " FROM _users ORDER BY email")));
    }

    public static Map<String, Object> get(DataSource ds, String id) {
        return Rows.byId(ds, "_users", COLUMNS, id, "User not found: ");
    }

    public static Map<String, Object> create(DataSource ds, Map<String, Object> body) {
        String email = email(body);
        String password = password(body, true);
        List<String> roles = roles(body.get("roles"), List.of());
        Boolean active = active(body.get("active"), true);
        String hash = Passwords.hash(password);
        return Tx.inTransaction(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "INSERT INTO _users (email, password_hash, roles, active) VALUES (?, ?, ?, ?) RETURNING " + COLUMNS,
                email, hash, new Jdbc.SqlArray("text", roles.toArray()), active)));
    }

    /**
     * PUT changes what the body names and leaves the rest, as PUT on records does: email, password, roles and
     * active are each optional (a present email is still checked).
     */
    public static Map<String, Object> update(DataSource ds, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, "User not found: ");
        String email = body.containsKey("email") ? email(body) : null;
        String password = password(body, false);
        List<String> roles = body.containsKey("roles") ? roles(body.get("roles"), null) : null;
        Boolean active = body.containsKey("active") ? active(body.get("active"), null) : null;
        String hash = password == null ? null : Passwords.hash(password);
        return Tx.inTransaction(ds, c -> {
            Map<String, Object> before = Jdbc.queryOne(c, SqlFragment.of(
                    "SELECT roles, active FROM _users WHERE id = ? FOR UPDATE", uuid));
            if (before == null) {
                throw ApiException.notFound("User not found: " + id);
            }
            Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("UPDATE _users SET email = COALESCE(?, email), "
                            + "password_hash = COALESCE(?, password_hash), roles = COALESCE(?, roles), "
                            + "active = COALESCE(?, active), updated_at = NOW() WHERE id = ? RETURNING " + COLUMNS,
                    email, hash, roles == null ? null : new Jdbc.SqlArray("text", roles.toArray()), active, uuid));
            boolean credentialsChanged = hash != null
                    || (roles != null && !roles.equals(before.get("roles")))
                    || (active != null && !active.equals(before.get("active")));
            if (credentialsChanged) {
                AuthService.revokeAll(c, UserTables.APP, uuid);
            }
            return row;
        });
    }

    public static void delete(DataSource ds, String id) {
        Rows.deleteById(ds, "_users", id, "User not found: ");
    }

    private static String email(Map<String, Object> body) {
        Object v = body.get("email");
        if (v == null || (v instanceof String s && s.isBlank())) {
            throw ApiException.validation("email is required");
        }
        if (!(v instanceof String s) || s.length() > 320 || !s.contains("@") || s.chars().anyMatch(Character::isWhitespace)
                || s.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation("email must be a valid e-mail address");
        }
        return s.trim();
    }

    private static String password(Map<String, Object> body, boolean required) {
        Object v = body.get("password");
        if (v == null || (v instanceof String s && s.isEmpty())) {
            if (required) {
                throw ApiException.validation("password is required");
            }
            return null;
        }
        return Passwords.requireValid("password", v);
    }

    private static List<String> roles(Object v, List<String> absent) {
        if (v == null) {
            return absent == null ? List.of() : absent;
        }
        if (!(v instanceof List<?> list)) {
            throw ApiException.validation("roles must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank() || s.length() > 100 || s.indexOf('\u0000') >= 0) {
                throw ApiException.validation("roles must be an array of non-empty strings");
            }
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static Boolean active(Object v, Boolean absent) {
        if (v == null) {
            return absent == null ? Boolean.TRUE : absent;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.validation("active must be a boolean");
        }
        return b;
    }

}
