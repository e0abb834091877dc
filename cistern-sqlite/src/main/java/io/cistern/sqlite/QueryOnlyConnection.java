package io.cistern.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Read-only on a single shared connection (rollback journal, in-memory): sqlite-jdbc fixes the
 * read-only flag when a connection opens, so {@code setReadOnly} is turned into
 * {@code PRAGMA query_only}, which makes SQLite refuse writes on this connection, and is undone
 * when the connection is closed.
 */
final class QueryOnlyConnection implements InvocationHandler {
    private final Connection pooled;
    private boolean readOnly;

    private QueryOnlyConnection(Connection pooled) {
        this.pooled = pooled;
    }

    static Connection wrap(Connection pooled) {
        return (Connection) Proxy.newProxyInstance(QueryOnlyConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new QueryOnlyConnection(pooled));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "setReadOnly":
                setQueryOnly((Boolean) args[0]);
                return null;
            case "isReadOnly":
                return readOnly;
            case "close":
                if (readOnly && !pooled.isClosed()) {
                    try {
                        setQueryOnly(false);
                    } catch (SQLException e) {
                        // Cannot be reset: close the physical connection so the pool's validation discards it.
                        pooled.unwrap(org.sqlite.SQLiteConnection.class).close();
                        pooled.close();
                        throw e;
                    }
                }
                pooled.close();
                return null;
            case "unwrap":
                refuseIfClosed();
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : pooled.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                refuseIfClosed();
                return ((Class<?>) args[0]).isInstance(proxy) || pooled.isWrapperFor((Class<?>) args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "QueryOnlyConnection{" + pooled + ", readOnly=" + readOnly + '}';
            default:
                try {
                    return method.invoke(pooled, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    /** Closed, the pooled proxy refuses everything itself; only what is answered here must ask. */
    private void refuseIfClosed() throws SQLException {
        if (pooled.isClosed()) {
            throw new SQLException("Connection is closed", "08003");
        }
    }

    private void setQueryOnly(boolean value) throws SQLException {
        if (value == readOnly) {
            return;
        }
        try (Statement s = pooled.createStatement()) {
            s.execute("PRAGMA query_only = " + (value ? 1 : 0));
        }
        readOnly = value;
    }
}
