package dev.rocket.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rocket.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PGobject;

/**
 * The one JDBC executor: runs {@link SqlFragment}s as prepared statements on a connection it is given
 * (the caller owns the transaction) and reads rows as JSON-ready maps.
 */
public final class Jdbc {
    public static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Jdbc() {
    }

    /** A JSONB bind value. */
    public record JsonValue(Object value) {
    }

    /** A typed PostgreSQL array bind value, e.g. {@code new SqlArray("text", values)}. */
    public record SqlArray(String elementType, Object[] values) {
    }

    public static List<Map<String, Object>> query(Connection c, SqlFragment f) throws SQLException {
        try (PreparedStatement ps = prepare(c, f); ResultSet rs = ps.executeQuery()) {
            return readAll(rs);
        }
    }

    public static Map<String, Object> queryOne(Connection c, SqlFragment f) throws SQLException {
        List<Map<String, Object>> rows = query(c, f);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * {@code BEGIN; f; COMMIT; then} in one round trip, on a connection in auto-commit mode: PostgreSQL runs the
     * explicit transaction control of a multi-statement message as written, so f commits before {@code then}
     * runs, in a transaction of its own. Returns f's rows (f must return rows, e.g. {@code INSERT … RETURNING}).
     * If anything fails, nothing of f stays and the connection is left outside any transaction.
     */
    public static List<Map<String, Object>> queryCommittedThen(Connection c, SqlFragment f, String then)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, SqlFragment.of("BEGIN; " + f.sql() + "; COMMIT; " + then, f.binds()))) {
            boolean rows = ps.execute();
            while (!rows) { // BEGIN's (empty) update count first
                if (ps.getUpdateCount() == -1) {
                    throw new SQLException("the statement returned no rows: " + f.sql());
                }
                rows = ps.getMoreResults();
            }
            try (ResultSet rs = ps.getResultSet()) {
                return readAll(rs);
            }
        } catch (SQLException e) {
            endFailedTransaction(c, e);
            throw e;
        }
    }

    /**
     * Commits the connection's transaction and runs {@code then} after it, in one round trip ({@code COMMIT; then}):
     * {@code then} runs in a transaction of its own once the commit is done. A failure of either is thrown (the
     * caller rolls back, which is harmless after a commit).
     */
    public static void commitThen(Connection c, String then) throws SQLException {
        if (c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE) {
            c.commit(); // nothing was sent yet: no transaction to end
            c.setAutoCommit(true);
            execute(c, then);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("COMMIT; " + then)) {
            ps.execute();
        }
    }

    /** After a failed {@link #queryCommittedThen}: an explicit transaction left open (failed) is rolled back. */
    private static void endFailedTransaction(Connection c, SQLException cause) {
        try {
            if (!c.isClosed() && c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                execute(c, "ROLLBACK");
            }
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    public static long queryLong(Connection c, SqlFragment f) throws SQLException {
        try (PreparedStatement ps = prepare(c, f); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    public static int update(Connection c, SqlFragment f) throws SQLException {
        try (PreparedStatement ps = prepare(c, f)) {
            return ps.executeUpdate();
        }
    }

    public static void execute(Connection c, String ddl) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(ddl);
        }
    }

    public static PreparedStatement prepare(Connection c, SqlFragment f) throws SQLException {
        PreparedStatement ps = c.prepareStatement(f.sql());
        try {
            List<Object> binds = f.binds();
            for (int i = 0; i < binds.size(); i++) {
                bind(c, ps, i + 1, binds.get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bind(Connection c, PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof JsonValue j) {
            PGobject o = new PGobject();
            o.setType("jsonb");
            try {
                o.setValue(j.value() == null ? null : Json.MAPPER.writeValueAsString(j.value()));
            } catch (JsonProcessingException e) {
                throw new SQLException("cannot serialise JSON value", e);
            }
            ps.setObject(i, o);
        } else if (v instanceof SqlArray a) {
            ps.setArray(i, c.createArrayOf(a.elementType(), a.values()));
        } else if (v instanceof Instant t) {
            ps.setObject(i, t.atOffset(ZoneOffset.UTC));
        } else {
            ps.setObject(i, v);
        }
    }

    public static List<Map<String, Object>> readAll(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        String[] types = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            types[i] = md.getColumnTypeName(i + 1);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                row.put(names[i], read(rs, i + 1, types[i]));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * {@link #ISO_UTC} for a database timestamp, written digit by digit: every timestamp of every row goes
     * through here, and the formatter costs several times more. Years outside 1–9999 take the formatter (its
     * {@code yyyy} is the year of era).
     */
    public static String isoUtc(OffsetDateTime t) {
        LocalDateTime u = t.getOffset().getTotalSeconds() == 0 ? t.toLocalDateTime()
                : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int year = u.getYear();
        if (year < 1 || year > 9999) {
            return ISO_UTC.format(t);
        }
        byte[] b = new byte[27];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, u.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, u.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, u.getHour(), 2);
        b[13] = ':';
        digits(b, 14, u.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, u.getSecond(), 2);
        b[19] = '.';
        digits(b, 20, u.getNano() / 1000, 6);
        b[26] = 'Z';
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** {@link #ISO_UTC} for an instant (a write's {@code now}, written at every write that has rules). */
    public static String isoUtc(Instant t) {
        return isoUtc(t.atOffset(ZoneOffset.UTC));
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Reads one column as the JSON value the API returns for it. */
    public static Object read(ResultSet rs, int col, String pgType) throws SQLException {
        switch (pgType) {
            case "int4":
            case "int2":
            case "serial": {
                int v = rs.getInt(col);
                return rs.wasNull() ? null : v;
            }
            case "int8":
            case "bigserial": {
                long v = rs.getLong(col);
                return rs.wasNull() ? null : v;
            }
            case "numeric": {
                BigDecimal v = rs.getBigDecimal(col);
                return v;
            }
            case "float4":
            case "float8": {
                double v = rs.getDouble(col);
                return rs.wasNull() ? null : v;
            }
            case "bool": {
                boolean v = rs.getBoolean(col);
                return rs.wasNull() ? null : v;
            }
            case "timestamptz":
            case "timestamp": {
                OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
                return t == null ? null : isoUtc(t);
            }
            case "date": {
                Date d = rs.getDate(col);
                return d == null ? null : rs.getString(col);
            }
            case "jsonb":
            case "json": {
                String s = rs.getString(col);
                if (s == null) {
                    return null;
                }
                try {
                    return Json.MAPPER.readValue(s, Object.class);
                } catch (JsonProcessingException e) {
                    throw new SQLException("unreadable JSON column", e);
                }
            }
            case "uuid": {
                Object o = rs.getObject(col);
                return o == null ? null : o.toString();
            }
            default:
                if (pgType.startsWith("_")) {
                    Array a = rs.getArray(col);
                    if (a == null) {
                        return null;
                    }
                    Object[] items = (Object[]) a.getArray();
                    return new ArrayList<>(Arrays.asList(items));
                }
                Object o = rs.getObject(col);
                if (o instanceof Timestamp ts) {
                    return ISO_UTC.format(ts.toInstant());
                }
                return o == null ? null : (o instanceof UUID || o instanceof PGobject) ? o.toString() : o;
        }
    }
}
