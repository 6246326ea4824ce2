package dev.rocket.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SQL text plus its bind values: the only thing that reaches JDBC. Immutable. */
public final class SqlFragment {
    private final String sql;
    private final List<Object> binds;

    private SqlFragment(String sql, List<Object> binds) {
        this.sql = sql;
        this.binds = binds;
    }

    public static SqlFragment of(String sql, Object... binds) {
        List<Object> list = new ArrayList<>(binds.length);
        Collections.addAll(list, binds);
        return new SqlFragment(sql, Collections.unmodifiableList(list));
    }

    public static SqlFragment of(String sql, List<?> binds) {
        return new SqlFragment(sql, Collections.unmodifiableList(new ArrayList<>(binds)));
    }

    public String sql() {
        return sql;
    }

    public List<Object> binds() {
        return binds;
    }

    @Override
    public String toString() {
        return sql + " " + binds;
    }

    /** Mutable builder that keeps text and binds together. */
    public static final class Builder {
        private final StringBuilder sql = new StringBuilder(128);
        private final List<Object> binds = new ArrayList<>();

        public Builder sql(String text) {
            sql.append(text);
            return this;
        }

        public Builder bind(Object value) {
            sql.append('?');
            binds.add(value);
            return this;
        }

        public Builder append(SqlFragment f) {
            sql.append(f.sql);
            binds.addAll(f.binds);
            return this;
        }

        public boolean isEmpty() {
            return sql.length() == 0;
        }

        public SqlFragment build() {
            return new SqlFragment(sql.toString(), Collections.unmodifiableList(new ArrayList<>(binds)));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Quotes an identifier that was validated against the registry ({@code [a-z][a-z0-9_]*}). */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
