package dev.rocket.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rocket.json.Json;
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
import java.time.LocalDate;
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
import org.postgresql.PGResultSetMetaData;
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
        Reader[] readers = new Reader[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            readers[i] = reader(md.getColumnTypeName(i + 1),
                    md instanceof PGResultSetMetaData pg && pg.getFormat(i + 1) == BINARY);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                row.put(names[i], readers[i].read(rs, i + 1));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * {@link #ISO_UTC} for a database timestamp, written digit by digit: every timestamp of every row goes
     * through here, and the formatter costs several times more. Years outside 1–9999 take the formatter (its
     * {@code yyyy} is the year of era); PostgreSQL's infinities (which the driver reads as the largest and
     * smallest date-time) are {@code infinity} and {@code -infinity}, as PostgreSQL writes them in JSON.
     */
    public static String isoUtc(OffsetDateTime t) {
        if (t.equals(OffsetDateTime.MAX)) {
            return "infinity"; // how the driver reads PostgreSQL's infinities
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        LocalDateTime u = t.getOffset().getTotalSeconds() == 0 ? t.toLocalDateTime()
                : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int year = u.getYear();
        if (year < 1 || year > 9999) {
            return ISO_UTC.format(t);
        }
        return iso(year, u.getMonthValue(), u.getDayOfMonth(), u.toLocalTime().toSecondOfDay(), u.getNano() / 1000);
    }

    /** {@link #ISO_UTC} for microseconds since 1970-01-01 UTC. */
    static String isoUtcMicros(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int microOfSecond = (int) Math.floorMod(micros, 1_000_000L);
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int year = day.getYear();
        if (year < 1 || year > 9999) {
            return ISO_UTC.format(Instant.ofEpochSecond(seconds, microOfSecond * 1000L));
        }
        return iso(year, day.getMonthValue(), day.getDayOfMonth(), (int) Math.floorMod(seconds, 86_400L), microOfSecond);
    }

    private static String iso(int year, int month, int day, int secondOfDay, int micros) {
        byte[] b = new byte[27];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, month, 2);
        b[7] = '-';
        digits(b, 8, day, 2);
        b[10] = 'T';
        digits(b, 11, secondOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secondOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secondOfDay % 60, 2);
        b[19] = '.';
        digits(b, 20, micros, 6);
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

    /** PostgreSQL's binary transfer format ({@link PGResultSetMetaData#getFormat}). */
    private static final int BINARY = 1;
    /** Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01 (UTC). */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    /** Reads one column of the current row as the JSON value the API returns for it. */
    @FunctionalInterface
    private interface Reader {
        Object read(ResultSet rs, int col) throws SQLException;
    }

    /** Reads one column as the JSON value the API returns for it. */
    public static Object read(ResultSet rs, int col, String pgType) throws SQLException {
        return reader(pgType, false).read(rs, col);
    }

    /**
     * The reader of a column of type {@code pgType}, chosen once per result set: the loop over rows then makes a
     * small call per value instead of matching the type name again (which the JIT compiles slowly and, meeting a
     * new type, compiles again). {@code binary}: the column arrives in PostgreSQL's binary format.
     */
    private static Reader reader(String pgType, boolean binary) {
        switch (pgType) {
            case "int4":
            case "int2":
            case "serial":
                return Jdbc::readInt;
            case "int8":
            case "bigserial":
                return Jdbc::readLong;
            case "numeric":
                return ResultSet::getBigDecimal;
            case "float4":
            case "float8":
                return Jdbc::readDouble;
            case "bool":
                return Jdbc::readBoolean;
            case "timestamptz":
            case "timestamp":
                return binary ? Jdbc::readTimestampBinary : Jdbc::readTimestamp;
            case "date":
                return Jdbc::readDate;
            case "jsonb":
            case "json":
                return Jdbc::readJson;
            case "uuid":
                return Jdbc::readText;
            default:
                return pgType.startsWith("_") ? Jdbc::readArray : Jdbc::readOther;
        }
    }

    private static Object readInt(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Object readLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Object readDouble(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Object readBoolean(ResultSet rs, int col) throws SQLException {
        boolean v = rs.getBoolean(col);
        return rs.wasNull() ? null : v;
    }

    private static Object readTimestamp(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : isoUtc(t);
    }

    /**
     * A timestamp in the binary format: microseconds since 2000-01-01 UTC, which the driver would read as such
     * too (for {@code timestamp} and {@code timestamptz} alike), written without a date-time object on the way.
     * Anything that is not those 8 bytes takes the driver's way.
     */
    private static Object readTimestampBinary(ResultSet rs, int col) throws SQLException {
        byte[] b = rs.getBytes(col);
        if (b == null) {
            return null;
        }
        if (b.length != 8) {
            return readTimestamp(rs, col);
        }
        long micros = 0;
        for (byte x : b) {
            micros = micros << 8 | (x & 0xFF);
        }
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros == Long.MAX_VALUE ? "infinity" : "-infinity";
        }
        return isoUtcMicros(micros + PG_EPOCH_MICROS);
    }

    private static Object readDate(ResultSet rs, int col) throws SQLException {
        Date d = rs.getDate(col);
        return d == null ? null : rs.getString(col);
    }

    private static Object readJson(ResultSet rs, int col) throws SQLException {
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

    private static Object readText(ResultSet rs, int col) throws SQLException {
        Object o = rs.getObject(col);
        return o == null ? null : o.toString();
    }

    private static Object readArray(ResultSet rs, int col) throws SQLException {
        Array a = rs.getArray(col);
        if (a == null) {
            return null;
        }
        Object[] items = (Object[]) a.getArray();
        return new ArrayList<>(Arrays.asList(items));
    }

    private static Object readOther(ResultSet rs, int col) throws SQLException {
        Object o = rs.getObject(col);
        if (o instanceof Timestamp ts) {
            return ISO_UTC.format(ts.toInstant());
        }
        return o == null ? null : (o instanceof UUID || o instanceof PGobject) ? o.toString() : o;
    }
}
