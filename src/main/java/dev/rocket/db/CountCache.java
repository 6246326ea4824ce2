package dev.rocket.db;

import dev.rocket.config.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * List totals of one app, kept so that unchanged data is not counted again.
 *
 * <p>Every app database has a data version: the sequence {@code _rocket_data_version}, advanced by every
 * write Rocket makes to the app's records, on any node, <em>after</em> the write committed and before its
 * answer is sent ({@link #advance}). A list reads the version first and counts afterwards (in one round
 * trip, see {@link ReadService}), and keeps the total under (count query, version). A total kept under
 * version v therefore includes every write that advanced the version to v or below; any later write
 * makes the version larger, so the next list on any node counts again. A client that wrote and then lists
 * never gets a total from before its write.
 *
 * <p>Writes made outside Rocket (SQL straight into the database) do not advance the version: a kept
 * total is used for at most the count-cache setting ({@code Settings.countCacheSeconds}) (default 5 s) after it was counted. 0
 * turns the cache off (every list counts).
 */
public final class CountCache {
    private static final Logger LOG = Logger.getLogger(CountCache.class.getName());
    /** The current data version (0 before the first write); the sequence is created by app migration V44. */
    public static final String VERSION_SQL =
            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM _rocket_data_version";
    private static final int MAX_ENTRIES = 10_000;
    private static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(
            Math.max(0, new Settings().countCacheSeconds()));

    private final ConcurrentHashMap<String, Entry> totals = new ConcurrentHashMap<>();

    /** A total counted at a data version, and when. */
    public record Entry(long version, long total, long countedAtNanos) {
    }

    public static boolean enabled() {
        return TTL_NANOS > 0;
    }

    /** The cache key of a count query: its text and binds. */
    public static String key(SqlFragment count) {
        StringBuilder sb = new StringBuilder(count.sql().length() + 32).append(count.sql());
        for (Object b : count.binds()) {
            sb.append('\u0000');
            if (b == null) {
                sb.append("null");
            } else if (b instanceof Jdbc.SqlArray a) {
                sb.append(a.elementType()).append(Arrays.deepToString(a.values()));
            } else {
                sb.append(b.getClass().getSimpleName()).append(':').append(b);
            }
        }
        return sb.toString();
    }

    /** The kept total for the key, if it was counted less than the TTL ago. */
    public Entry fresh(String key) {
        if (!enabled()) {
            return null;
        }
        Entry e = totals.get(key);
        if (e == null || System.nanoTime() - e.countedAtNanos() > TTL_NANOS) {
            return null;
        }
        return e;
    }

    public void put(String key, long version, long total) {
        if (!enabled()) {
            return;
        }
        if (totals.size() >= MAX_ENTRIES) {
            totals.clear();
        }
        totals.merge(key, new Entry(version, total, System.nanoTime()),
                (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    /** Forgets every kept total of this app on this node. */
    public void clear() {
        totals.clear();
    }

    /**
     * Advances the app's data version: call after a committed write to the app's records, before the
     * write is answered, on the connection the write committed on (in auto-commit mode). A failure is logged and
     * this node's totals are dropped (other nodes see the write within the TTL).
     */
    public void advance(Connection c) {
        try {
            Jdbc.queryLong(c, ADVANCE);
        } catch (SQLException | RuntimeException e) {
            advanceFailed(e);
        }
    }

    /** Advances the data version; writes send it with their COMMIT ({@code Tx.inTransaction} with a statement). */
    public static final String ADVANCE_SQL = "SELECT nextval('_rocket_data_version')";
    private static final SqlFragment ADVANCE = SqlFragment.of(ADVANCE_SQL, List.of());

    private void advanceFailed(Exception e) {
        totals.clear();
        LOG.log(Level.WARNING, "could not advance the data version; other nodes may show old list totals for up to "
                + TimeUnit.NANOSECONDS.toSeconds(TTL_NANOS) + " s", e);
    }
}
