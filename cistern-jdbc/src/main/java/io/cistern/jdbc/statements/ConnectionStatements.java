package io.cistern.jdbc.statements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements of one physical connection, least recently used first. Used by the one thread
 * that holds the connection, so unsynchronised; the pool's hand-over of the connection orders
 * one holder's use before the next one's.
 */
final class ConnectionStatements {
    private final int capacity;
    private final LinkedHashMap<String, StatementCache.CachedStatement> bySql = new LinkedHashMap<>(16, 0.75f, true);

    ConnectionStatements(int capacity) {
        this.capacity = capacity;
    }

    StatementCache.CachedStatement prepare(Connection physical, String sql) throws SQLException {
        StatementCache.CachedStatement cached = bySql.get(sql);
        if (cached != null && cached.statement.isClosed()) {
            // closed under us, e.g. by the driver when its connection was closed and reopened: prepare again
            bySql.remove(sql);
            cached = null;
        }
        if (cached != null && cached.inUse) {
            return new StatementCache.CachedStatement(sql, physical.prepareStatement(sql), null);
        }
        if (cached == null) {
            cached = new StatementCache.CachedStatement(sql, physical.prepareStatement(sql), this);
            bySql.put(sql, cached);
            evictBeyondCapacity();
        }
        cached.inUse = true;
        return cached;
    }

    void drop(StatementCache.CachedStatement statement) {
        bySql.remove(statement.sql, statement);
        closeQuietly(statement.statement);
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<String, StatementCache.CachedStatement>> oldest = bySql.entrySet().iterator();
        while (bySql.size() > capacity && oldest.hasNext()) {
            StatementCache.CachedStatement s = oldest.next().getValue();
            if (!s.inUse) {
                oldest.remove();
                closeQuietly(s.statement);
            }
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // a statement that cannot even be closed is of no further use; the connection's close frees it
        }
    }
}
