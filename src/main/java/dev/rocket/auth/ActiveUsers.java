package dev.rocket.auth;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Per-request check that a token's user still exists and is active, answered from a small cache.
 * Entries are dropped when the user changes (here, or on another node through NOTIFY) and expire after
 * a short TTL as a safety net, so a deactivated user's access token stops working on the next request.
 * A status read while a change of the user commits may be the old one: it is kept only if no invalidation
 * happened between the read's start and its caching (a counter of invalidations tells), so an old status is
 * never cached after the invalidation that should have removed it.
 */
public final class ActiveUsers {
    private static final int MAX_ENTRIES = 100_000;

    private final Supplier<DataSource> ds;
    private final String usersTable;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Incremented before every invalidation removes entries. */
    private final AtomicLong invalidations = new AtomicLong();

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
        long seen = invalidations.get();
        Map<String, Object> row = Tx.autoCommit(ds.get(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT active FROM " + usersTable + " WHERE id = ?", id)));
        boolean active = row != null && Boolean.TRUE.equals(row.get("active"));
        if (cache.size() > MAX_ENTRIES) {
            cache.clear();
        }
        Entry fresh = new Entry(active, now + ttlNanos);
        cache.put(userId, fresh);
        if (invalidations.get() != seen) {
            // an invalidation ran since the read began: the status read may predate it (and the invalidation may
            // have removed nothing yet), so it is not kept; the answer itself is as current as the read was
            cache.remove(userId, fresh);
        }
        return active;
    }

    public void invalidate(String userId) {
        invalidations.incrementAndGet();
        cache.remove(userId);
    }

    /** Forgets every cached status (changes may have been missed). */
    public void invalidateAll() {
        invalidations.incrementAndGet();
        cache.clear();
    }
}
