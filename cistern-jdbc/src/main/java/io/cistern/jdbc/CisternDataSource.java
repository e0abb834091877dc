package io.cistern.jdbc;

import io.cistern.pool.AcquireTimeoutException;
import io.cistern.pool.Lease;
import io.cistern.pool.PoolClosedException;
import io.cistern.pool.PoolInitializationException;
import io.cistern.pool.PoolStats;
import io.cistern.pool.ResourcePool;
import java.io.Closeable;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooling {@link DataSource}: HikariCP's configuration and behaviour on Cistern's pool.
 *
 * <pre>{@code
 * CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
 *         .jdbcUrl("jdbc:postgresql://db:5432/memory")
 *         .username("agent").password(secret)
 *         .maximumPoolSize(16)
 *         .build());
 * try (Connection c = ds.getConnection()) { ... }   // close() returns it to the pool
 * }</pre>
 *
 * <p>A connection handed out is a proxy. Closing it returns the physical connection after closing
 * the statements left open, rolling back an unfinished transaction and restoring the settings
 * the user changed (auto-commit, read-only, isolation, catalog, schema, network timeout), and
 * only those. An error that says the connection is broken (SQLState class 08 and the like, see
 * {@link SqlExceptionClassifier}) evicts it, so it never reaches another user.
 */
public final class CisternDataSource extends AbstractDataSource implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(CisternDataSource.class);

    private final CisternConfig config;
    private final PhysicalConnectionSource source;
    private final FatalErrorDetector fatalErrors;
    private final PoolMetricsBinding metrics;
    private final ResourcePool<PooledConnection> pool;
    private final ObjectName mbeanName;

    /**
     * Starts a pool with the given settings. With HikariCP's default
     * {@code initializationFailTimeout} of 1 ms this opens a first connection before returning
     * and fails if it cannot.
     *
     * @param config the settings
     * @throws IllegalStateException if the first connection cannot be opened (fail-fast start),
     *     with the driver's error as the cause
     */
    public CisternDataSource(CisternConfig config) {
        this.config = config;
        this.source = PhysicalConnectionSource.of(config);
        this.fatalErrors = new FatalErrorDetector(config.poolName(), config.exceptionClassifier());
        this.metrics = config.metricRegistry() != null
                ? MicrometerPoolMetrics.create(config.metricRegistry(), config.poolName()) : null;
        try {
            this.pool = ResourcePool.create(config.toPoolConfig(), new ConnectionFactory(source, config), metrics);
        } catch (PoolInitializationException e) {
            if (metrics != null) {
                metrics.close();
            }
            throw new IllegalStateException("Pool '" + config.poolName() + "' could not open a first connection to "
                    + describeTarget() + ": " + e.getCause(), e.getCause());
        }
        if (metrics != null) {
            metrics.bindGauges(pool::stats);
        }
        this.mbeanName = config.registerMbeans() ? registerMBean() : null;
        log.info("Pool '{}' started for {}", config.poolName(), describeTarget());
    }

    /**
     * Starts a pool from HikariCP-style properties, as {@link CisternConfig#fromProperties(Properties)}
     * reads them.
     *
     * @param properties the settings
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public CisternDataSource(Properties properties) {
        this(CisternConfig.fromProperties(properties));
    }

    private String describeTarget() {
        return config.jdbcUrl() != null ? Secrets.maskUrl(config.jdbcUrl()) : config.dataSourceClassName();
    }

    /**
     * Lends a connection, waiting up to {@code connectionTimeout}.
     *
     * @return the connection; close it to return it
     * @throws SQLTransientConnectionException if none became available in time; the message
     *     describes the pool's state and the cause is the driver's last error when opening
     *     connections is failing
     * @throws SQLException if the data source is closed or the thread is interrupted
     */
    @Override
    public Connection getConnection() throws SQLException {
        try {
            Lease<PooledConnection> lease = pool.acquire();
            return new ConnectionProxy(fatalErrors, lease);
        } catch (AcquireTimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String state = cause instanceof SQLException ? ((SQLException) cause).getSQLState() : null;
            throw new SQLTransientConnectionException(e.getMessage(), state, cause);
        } catch (PoolClosedException e) {
            throw new SQLException("Data source for pool '" + config.poolName() + "' has been closed", "08003", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a connection from pool '" + config.poolName() + "'", e);
        }
    }

    /**
     * Not supported: every connection of a pool uses the configured credentials.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A pool's connections all use the configured credentials; "
                + "call getConnection() instead");
    }

    /** @return the settings this data source was built with */
    public CisternConfig config() {
        return config;
    }

    /** @return the pool's name */
    public String getPoolName() {
        return config.poolName();
    }

    /** @return a snapshot of the pool's state and counters */
    public PoolStats poolStats() {
        return pool.stats();
    }

    /** @return connections lent out right now; O(1) with {@link CisternConfig#trackActiveCount()}, else a pass over the pool */
    public int activeConnections() {
        return pool.activeCount();
    }

    /** Retires every connection: idle ones now, lent ones when returned. */
    public void softEvictConnections() {
        pool.softEvictAll();
    }

    /** Holds new {@code getConnection()} calls, within their timeout, until {@link #resumePool()}. */
    public void suspendPool() {
        pool.suspend();
    }

    /** Lets {@code getConnection()} through again. */
    public void resumePool() {
        pool.resume();
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return pool.isShutdown();
    }

    /**
     * Closes the pool: refuses new requests, wakes waiting ones with an error, waits up to 10 s
     * for lent connections, then closes every physical connection. Idempotent.
     */
    @Override
    public void close() {
        close(ResourcePool.DEFAULT_CLOSE_GRACE);
    }

    /**
     * Closes the pool, waiting up to {@code grace} for lent connections.
     *
     * @param grace how long to wait for lent connections before closing them anyway
     */
    public void close(Duration grace) {
        if (pool.isShutdown()) {
            return;
        }
        pool.close(grace);
        if (mbeanName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            } catch (JMException e) {
                log.debug("Pool '{}': unregistering its MXBean failed", config.poolName(), e);
            }
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private ObjectName registerMBean() {
        try {
            ObjectName name = new ObjectName("io.cistern:type=Pool (" + config.poolName() + ")");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(new PoolMXBean(), name);
            return name;
        } catch (JMException e) {
            pool.close(Duration.ZERO);
            throw new IllegalStateException("Pool '" + config.poolName() + "': registering its MXBean failed: " + e, e);
        }
    }

    /** The driver's {@code DataSource} when configured with one, which then keeps these settings. */
    @Override
    protected Object wrapped() {
        return source.dataSource();
    }

    @Override
    protected String describeForErrors() {
        return "Pool '" + config.poolName() + "'";
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        DataSource ds = source.dataSource();
        return ds != null ? ds.getLogWriter() : super.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        DataSource ds = source.dataSource();
        if (ds != null) {
            ds.setLogWriter(out);
        } else {
            super.setLogWriter(out);
        }
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        DataSource ds = source.dataSource();
        if (ds != null) {
            ds.setLoginTimeout(seconds);
        } else {
            super.setLoginTimeout(seconds);
        }
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        DataSource ds = source.dataSource();
        return ds != null ? ds.getLoginTimeout() : super.getLoginTimeout();
    }

    @Override
    public String toString() {
        return "CisternDataSource{" + config.poolName() + ", " + describeTarget() + ", "
                + pool.stats().stateSummary() + '}';
    }

    /** The MXBean view of this data source's pool. */
    private final class PoolMXBean implements CisternPoolMXBean {
        @Override
        public int getIdleConnections() {
            return pool.stats().idle();
        }

        @Override
        public int getActiveConnections() {
            return pool.stats().active();
        }

        @Override
        public int getTotalConnections() {
            return pool.stats().total();
        }

        @Override
        public int getThreadsAwaitingConnection() {
            return pool.stats().waiting();
        }

        @Override
        public void softEvictConnections() {
            pool.softEvictAll();
        }

        @Override
        public void suspendPool() {
            pool.suspend();
        }

        @Override
        public void resumePool() {
            pool.resume();
        }
    }
}
