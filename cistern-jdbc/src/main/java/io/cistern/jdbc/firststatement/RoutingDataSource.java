package io.cistern.jdbc.firststatement;

import io.cistern.jdbc.AbstractDataSource;
import io.cistern.pool.config.NotAllowed;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections choose their database at their first statement, through
 * a {@link ConnectionRouter}. Call {@code setReadOnly(true)} before the first statement (as
 * Spring's {@code @Transactional(readOnly = true)} does), or take connections from
 * {@link #readOnlyView()}, and the router is asked for a read-only connection; otherwise for a
 * writable one. After the first statement the choice is fixed: {@code setReadOnly} then only
 * changes the chosen connection.
 *
 * <pre>{@code
 * RoutingDataSource ds = new RoutingDataSource(readOnly -> (readOnly ? replicas : primary).getConnection());
 * try (Connection c = ds.getConnection()) {
 *     c.setReadOnly(true);                  // nothing chosen yet
 *     c.prepareStatement("select ...");     // now: served by a replica
 * }
 * }</pre>
 *
 * <p>Getting a routing connection costs one small object and no database work; a connection
 * closed before any statement never touches a database.
 */
public final class RoutingDataSource extends AbstractDataSource implements AutoCloseable {
    private final ConnectionRouter router;
    private final RoutingDefaults defaults = new RoutingDefaults();
    private final ReadOnlyView readOnlyView = new ReadOnlyView();

    /** @param router chooses the database for each connection */
    public RoutingDataSource(ConnectionRouter router) {
        if (router == null) {
            throw NotAllowed.setting("router", null, "a ConnectionRouter");
        }
        this.router = router;
    }

    /** @return a connection that routes as writable unless set read-only before its first statement */
    @Override
    public Connection getConnection() {
        return new LazyConnection(this, false);
    }

    /**
     * Not supported: credentials belong to the routed data sources.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Credentials belong to the routed data sources; call getConnection()");
    }

    /** @return a view whose connections route as read-only from the start */
    public DataSource readOnlyView() {
        return readOnlyView;
    }

    /** Reached by {@code unwrap}: the router. */
    @Override
    protected Object wrapped() {
        return router;
    }

    /** @return the router */
    public ConnectionRouter router() {
        return router;
    }

    /** What the connections answer for settings asked before they chose a database. */
    RoutingDefaults defaults() {
        return defaults;
    }

    /** Closes the router if it holds resources ({@link AutoCloseable}); idempotent as the router is. */
    @Override
    public void close() {
        if (router instanceof AutoCloseable) {
            try {
                ((AutoCloseable) router).close();
            } catch (Exception e) {
                throw new IllegalStateException("Closing the connection router failed: " + e, e);
            }
        }
    }

    @Override
    public String toString() {
        return "RoutingDataSource{" + router + '}';
    }

    /** The read-only face of the same data source; configuration calls go to the outer one. */
    private final class ReadOnlyView implements DataSource {
        @Override
        public Connection getConnection() {
            return new LazyConnection(RoutingDataSource.this, true);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return RoutingDataSource.this.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return RoutingDataSource.this.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            RoutingDataSource.this.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            RoutingDataSource.this.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return RoutingDataSource.this.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return RoutingDataSource.this.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(this) ? iface.cast(this) : RoutingDataSource.this.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || RoutingDataSource.this.isWrapperFor(iface);
        }

        @Override
        public String toString() {
            return "ReadOnlyView{" + RoutingDataSource.this + '}';
        }
    }
}
