package dev.rocket.auth;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Per-request check that a token's user still exists and is active, answered from a small cache.
 * Entries are dropped when the user changes (here, or on another node through NOTIFY) and expire after
 * a short TTL as a safety net, so a deactivated user's access token stops working on the next request.
 */
public final class ActiveUsers {
    private static final int MAX_ENTRIES = 100_000;

    private final Supplier<DataSource> ds;
    private final String usersTable;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(boolean active, long expiresAt) {
    }

    public ActiveUsers(Supplier<DataSource> ds, String usersTable, long ttlSeconds) {
        this.ds = ds;
        this.usersTable = usersTable;
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
    }

    public boolean isActive(String userId) {
        long now = System.nanoTime();
        Entry e = cache.get(userId);
        if (e != null && now - e.expiresAt() < 0) {
            return e.active();
        }
        UUID id;
        try {
            id = UUID.fromString(userId);
        } catch (IllegalArgumentException ex) {
            return false;
        }
        Map<String, Object> row = Tx.autoCommit(ds.get(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT active FROM " + usersTable + " WHERE id = ?", id)));
        boolean active = row != null && Boolean.TRUE.equals(row.get("active"));
        if (cache.size() > MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(userId, new Entry(active, now + ttlNanos));
        return active;
    }

    public void invalidate(String userId) {
        cache.remove(userId);
    }

    /** Forgets every cached status (changes may have been missed). */
    public void invalidateAll() {
        cache.clear();
    }
}
