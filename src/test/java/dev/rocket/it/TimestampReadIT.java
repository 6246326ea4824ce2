package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.db.Jdbc;
import dev.rocket.it.support.RocketDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGResultSetMetaData;

/**
 * Timestamps read by {@link Jdbc#readAll} on a real PostgreSQL: the same text whether the driver received them
 * as text (the first executions of a statement) or in the binary format (once it is prepared on the server,
 * which Rocket's reads are), as PostgreSQL itself writes them in UTC; the infinities as PostgreSQL writes them in JSON
 * ({@code infinity}, {@code -infinity}), where the driver's date-time could not be written in UTC.
 */
@ExtendWith(RocketDatabase.class)
class TimestampReadIT {
    private final String table = "ts_read_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = RocketDatabase.connect();
        Jdbc.execute(c, "CREATE TABLE " + table + " (k int PRIMARY KEY, tz timestamptz, plain timestamp)");
        Jdbc.execute(c, "INSERT INTO " + table + " VALUES"
                + " (1, '2026-12-04 09:41:07.123456+00', '2026-12-04 09:41:07.123456'),"
                + " (2, '1999-12-31 23:59:59.999999+00', '1999-12-31 23:59:59.999999'),"
                + " (3, '1969-07-20 20:17:40+00', '1969-07-20 20:17:40'),"
                + " (4, '0001-01-01 00:00:00+00', '0001-01-01 00:00:00'),"
                + " (5, '2026-03-29 02:30:00+02', '2026-03-29 02:30:00'),"
                + " (6, NULL, NULL),"
                + " (7, '9999-12-31 23:59:59.999999+00', '9999-12-31 23:59:59.999999')");
    }

    @AfterEach
    void close() throws SQLException {
        try {
            Jdbc.execute(c, "DROP TABLE " + table);
        } finally {
            c.close();
        }
    }

    @Test
    void textAndBinaryTimestampsReadAlike() throws SQLException {
        String utc = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
        Jdbc.execute(c, "SET TIME ZONE 'Europe/Berlin'"); // the session's zone must not matter
        List<Map<String, Object>> expected;
        try (PreparedStatement ps = c.prepareStatement("SELECT k, to_char(tz AT TIME ZONE 'UTC', " + utc
                + ") AS tz, to_char(plain, " + utc + ") AS plain FROM " + table + " ORDER BY k");
             ResultSet rs = ps.executeQuery()) {
            expected = Jdbc.readAll(rs);
        }
        boolean sawBinary = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT k, tz, plain FROM " + table + " ORDER BY k")) {
            for (int i = 0; i < 8; i++) { // the driver prepares on the server from the fifth execution
                try (ResultSet rs = ps.executeQuery()) {
                    sawBinary |= ((PGResultSetMetaData) rs.getMetaData()).getFormat(2) == 1;
                    assertThat(Jdbc.readAll(rs)).as("execution %d", i + 1).isEqualTo(expected);
                }
            }
        }
        assertThat(sawBinary).isTrue();
    }

    @Test
    void infinitiesAsPostgresWritesThem() throws SQLException {
        Jdbc.execute(c, "INSERT INTO " + table + " VALUES (8, 'infinity', '-infinity')");
        try (PreparedStatement ps = c.prepareStatement("SELECT tz, plain FROM " + table + " WHERE k = 8")) {
            for (int i = 0; i < 8; i++) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(Jdbc.readAll(rs).get(0)).as("execution %d", i + 1)
                            .isEqualTo(Map.of("tz", "infinity", "plain", "-infinity"));
                }
            }
        }
    }
}
