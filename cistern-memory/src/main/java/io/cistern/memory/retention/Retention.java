package io.cistern.memory.retention;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.StoreAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Times to live of a store's turns, kept in the store's database (migration V4), and the
 * housekeeping that applies them.
 *
 * <pre>{@code
 * Retention retention = Retention.on(store);
 * retention.namespaceTtl("acme", Duration.ofDays(30));
 * retention.sessionTtl(session.id(), Duration.ofHours(1));       // the session's own setting wins
 * PurgeResult purged = retention.purgeExpired(Instant.now(), Retention.DEFAULT_BATCH);
 * }</pre>
 *
 * <p>A turn expires when it was written longer ago than its session's time to live, or else its
 * namespace's; a session expires when it has no turns left and no activity within that time. Namespaces are
 * matched exactly.
 */
public final class Retention {

    /** Turns per transaction unless asked otherwise: a few milliseconds of the writer. */
    public static final int DEFAULT_BATCH = 500;
    /** The largest batch. */
    public static final int MAX_BATCH = 10_000;

    private final MemoryStore store;

    private Retention(MemoryStore store) {
        this.store = store;
    }

    /** @param store the store @return its retention settings */
    public static Retention on(MemoryStore store) {
        return new Retention(Objects.requireNonNull(store, "store"));
    }

    /**
     * @param namespace the namespace, exactly as stored
     * @param ttl how long its turns live, 1 ms or more
     */
    public void namespaceTtl(String namespace, Duration ttl) {
        requireText(namespace, "namespace");
        long millis = millis(ttl);
        StoreAccess.write(store, "set the time to live of namespace " + namespace, c -> upsert(c,
                "INSERT INTO memory_retention_namespaces (namespace, ttl_millis) VALUES (?, ?) "
                        + "ON CONFLICT (namespace) DO UPDATE SET ttl_millis = excluded.ttl_millis", namespace, millis));
    }

    /**
     * @param sessionId an existing session
     * @param ttl how long its turns live, 1 ms or more; wins over its namespace's
     * @throws IllegalArgumentException if the session does not exist
     */
    public void sessionTtl(String sessionId, Duration ttl) {
        requireText(sessionId, "sessionId");
        long millis = millis(ttl);
        int changed = StoreAccess.write(store, "set the time to live of session " + sessionId, c -> upsert(c,
                "INSERT INTO memory_retention_sessions (session_id, ttl_millis) SELECT id, ? FROM memory_sessions WHERE id = ? "
                        + "ON CONFLICT (session_id) DO UPDATE SET ttl_millis = excluded.ttl_millis", millis, sessionId));
        if (changed == 0) {
            throw new IllegalArgumentException("session '" + sessionId + "' does not exist; allowed: an existing session");
        }
    }

    /** @param namespace the namespace @return its time to live, if it has one */
    public Optional<Duration> namespaceTtl(String namespace) {
        return ttl("SELECT ttl_millis FROM memory_retention_namespaces WHERE namespace = ?", namespace);
    }

    /** @param sessionId the session @return its own time to live, if it has one */
    public Optional<Duration> sessionTtl(String sessionId) {
        return ttl("SELECT ttl_millis FROM memory_retention_sessions WHERE session_id = ?", sessionId);
    }

    /** @param namespace the namespace whose turns then live for ever (unless their session says otherwise) */
    public void clearNamespaceTtl(String namespace) {
        clear("DELETE FROM memory_retention_namespaces WHERE namespace = ?", namespace);
    }

    /** @param sessionId the session that then follows its namespace's setting */
    public void clearSessionTtl(String sessionId) {
        clear("DELETE FROM memory_retention_sessions WHERE session_id = ?", sessionId);
    }

    /**
     * Deletes the turns that expired by {@code now}, {@code batch} turns a transaction (their edges,
     * search entries, embeddings and cache entries with them), then the sessions that expired. Each
     * transaction is short, so writers interleave with the housekeeping instead of waiting for it.
     *
     * @param now the time to judge by
     * @param batch turns per transaction, 1 to {@value #MAX_BATCH}
     * @return what was deleted, and the longest transaction
     */
    public PurgeResult purgeExpired(Instant now, int batch) {
        Objects.requireNonNull(now, "now");
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("batch = " + batch + " is not allowed; allowed: 1 to " + MAX_BATCH);
        }
        long at = now.toEpochMilli();
        Purge purge = new Purge();
        // Sessions with a setting of their own first, then the sessions that follow their namespace's.
        purge.loop("delete expired turns", at, batch, "SELECT n.id FROM memory_retention_sessions r "
                + "JOIN memory_nodes n ON n.session_id = r.session_id WHERE n.created_at < ? - r.ttl_millis LIMIT ?");
        purge.loop("delete expired turns", at, batch, "SELECT n.id FROM memory_retention_namespaces r "
                + "JOIN memory_sessions s ON s.namespace = r.namespace JOIN memory_nodes n ON n.session_id = s.id "
                + "WHERE n.created_at < ? - r.ttl_millis "
                + "AND NOT EXISTS (SELECT 1 FROM memory_retention_sessions x WHERE x.session_id = s.id) LIMIT ?");
        long turns = purge.deleted;
        purge.loop("delete expired sessions", at, batch, "SELECT s.id FROM memory_sessions s "
                + "LEFT JOIN memory_retention_sessions rs ON rs.session_id = s.id "
                + "LEFT JOIN memory_retention_namespaces rn ON rn.namespace = s.namespace "
                + "WHERE s.updated_at < ? - COALESCE(rs.ttl_millis, rn.ttl_millis) "
                + "AND NOT EXISTS (SELECT 1 FROM memory_nodes n WHERE n.session_id = s.id) LIMIT ?");
        return new PurgeResult(turns, purge.deleted - turns, purge.transactions, Duration.ofNanos(purge.longestNanos));
    }

    /** The counters of one run. */
    private final class Purge {
        long deleted;
        int transactions;
        long longestNanos;

        void loop(String what, long now, int batch, String select) {
            int n;
            do {
                long start = System.nanoTime();
                n = StoreAccess.deleteNodes(store, what, c -> {
                    List<String> ids = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(select)) {
                        ps.setLong(1, now);
                        ps.setInt(2, batch);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getString(1));
                            }
                        }
                    }
                    return ids;
                });
                longestNanos = Math.max(longestNanos, System.nanoTime() - start);
                transactions++;
                deleted += n;
            } while (n == batch);
        }
    }

    private static int upsert(Connection c, String sql, Object first, Object second) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, first);
            ps.setObject(2, second);
            return ps.executeUpdate();
        }
    }

    private Optional<Duration> ttl(String sql, String key) {
        requireText(key, "key");
        return StoreAccess.read(store, "read a time to live", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Duration.ofMillis(rs.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    private void clear(String sql, String key) {
        requireText(key, "key");
        StoreAccess.write(store, "clear a time to live", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }

    private static long millis(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl = " + ttl + " is not allowed; allowed: 1 ms or more");
        }
        return ttl.toMillis();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " = " + (value == null ? "null" : "'" + value + "'")
                    + " is not allowed; allowed: a non-blank string, matched exactly");
        }
    }
}
