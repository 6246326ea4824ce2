package dev.rocket.metadata;

import java.util.Set;
import java.util.regex.Pattern;

/** Identifier rules: {@code [a-z][a-z0-9_]*}, at most 63 characters; route names reserved by the API. */
public final class Names {
    public static final Pattern IDENT = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    private static final Set<String> RESERVED_ENTITY = Set.of("auth", "_admin", "_workflows", "_files", "_platform");

    private Names() {
    }

    /**
     * A valid identifier. Names starting with {@code pg_} are refused: PostgreSQL resolves unqualified
     * names in {@code pg_catalog} first, so such a table name could reach system catalogs.
     */
    public static boolean isIdent(Object v) {
        return v instanceof String s && IDENT.matcher(s).matches() && !s.startsWith("pg_");
    }

    public static boolean isReservedEntity(String name) {
        return RESERVED_ENTITY.contains(name) || name.startsWith("_");
    }
}
