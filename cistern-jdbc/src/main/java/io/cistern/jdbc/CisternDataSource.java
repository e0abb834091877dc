package io.cistern.jdbc;

import io.cistern.jdbc.monitor.PoolHealth;
import io.cistern.jdbc.monitor.PoolMonitor;
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
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p><b>The URL decides the discipline.</b> A URL claimed by a
 * {@link io.cistern.jdbc.discipline.ConnectionDiscipline} on the class path is served by it: a
 * {@code jdbc:sqlite:} file by cistern-sqlite (one writer, read-only readers, sized by
 * {@code maximumPoolSize}), a URL with several hosts by cistern-routing (a cluster with read
 * routing, breakers and failover, each endpoint a pool with these settings). Any other URL gets
 * the plain pool. {@code discipline=plain} keeps the plain pool whatever the URL; {@code unwrap}
 * reaches the discipline's data source ({@code SqliteDataSource}, {@code ClusterDataSource}) for
 * its typed API. A log line at the start says what was chosen.
 *
 * <p><b>As a JavaBean</b>, like {@code HikariDataSource}: {@code new CisternDataSource()}, then
 * a setter per property (or {@link #setProperty(String, Object)}); the pool starts on the first
 * {@link #getConnection()}, and from then on every setter fails with
 * {@link IllegalStateException}. A setter checks its key and value at once; checks across
 * settings (such as {@code minimumIdle} not above {@code maximumPoolSize}) run at the start.
 */
public final class CisternDataSource extends AbstractDataSource implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(CisternDataSource.class);

    /** The running data source when made from settings: read without a volatile load on every getConnection. */
    private final Running fastPath;
    /** The running data source of a JavaBean-style one, from its first getConnection. */
    private volatile Running lazy;
    /** The settings a JavaBean-style data source collects until it starts; {@code null} otherwise. */
    private final Map<String, Object> settings;
    private final ReentrantLock startLock;
    private volatile boolean closedBeforeStart;

    /**
     * Makes a data source to configure with setters, as frameworks that instantiate by type do;
     * it starts on the first {@link #getConnection()}.
     */
    public CisternDataSource() {
        this.fastPath = null;
        this.settings = new LinkedHashMap<>();
        this.startLock = new ReentrantLock();
    }

    /**
     * Starts a data source with the given settings, served by the discipline of its URL. With
     * HikariCP's default {@code initializationFailTimeout} of 1 ms the plain pool opens a first
     * connection before returning and fails if it cannot.
     *
     * @param config the settings
     * @throws IllegalStateException if the first connection cannot be opened (fail-fast start),
     *     with the driver's error as the cause
     */
    public CisternDataSource(CisternConfig config) {
        this.fastPath = Running.start(config);
        this.settings = null;
        this.startLock = null;
    }

    /**
     * Starts a data source from HikariCP-style properties, as {@link CisternConfig#fromProperties(Properties)}
     * reads them (text or object values).
     *
     * @param properties the settings
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public CisternDataSource(Properties properties) {
        this(CisternConfig.fromProperties(properties));
    }

    private Running running() throws SQLException {
        Running r = fastPath;
        if (r != null) {
            return r;
        }
        r = lazy;
        return r != null ? r : start();
    }

    private Running start() throws SQLException {
        startLock.lock();
        try {
            Running r = lazy;
            if (r != null) {
                return r;
            }
            if (closedBeforeStart) {
                throw new SQLException("Data source has been closed", "08003");
            }
            CisternConfig config = CisternConfig.builder().setAll(settings).build();
            r = Running.start(config);
            lazy = r;
            return r;
        } finally {
            startLock.unlock();
        }
    }

    /** @return the running data source, or {@code null} before a JavaBean-style one has started */
    private Running runningOrNull() {
        return fastPath != null ? fastPath : lazy;
    }

    private Running requireRunning(String what) {
        Running r = runningOrNull();
        if (r == null) {
            throw new IllegalStateException("Data source '" + (getPoolName() != null ? getPoolName() : "(unnamed)")
                    + "' has not started yet: it starts at its first getConnection(); " + what + " needs it started");
        }
        return r;
    }

    private ResourcePool<PooledConnection> plainPool(String what) {
        Running r = requireRunning(what);
        if (r.pool == null) {
            throw new IllegalStateException("Pool '" + r.config.poolName() + "' is served by the " + r.disciplineName
                    + " discipline, which has pools of its own; use unwrap(" + r.discipline.getClass().getSimpleName()
                    + ".class) for " + what);
        }
        return r.pool;
    }

    /**
     * Lends a connection, waiting up to {@code connectionTimeout}. A JavaBean-style data source
     * starts here the first time.
     *
     * @return the connection; close it to return it
     * @throws SQLTransientConnectionException if none became available in time; the message
     *     describes the pool's state and the cause is the driver's last error when opening
     *     connections is failing
     * @throws SQLException if the data source is closed or the thread is interrupted
     */
    @Override
    public Connection getConnection() throws SQLException {
        Running r = fastPath;
        if (r == null) {
            r = lazy;
            if (r == null) {
                r = start();
            }
        }
        ResourcePool<PooledConnection> pool = r.pool;
        if (pool == null) {
            return r.discipline.getConnection();
        }
        try {
            Lease<PooledConnection> lease = pool.acquire();
            return new ConnectionProxy(r.fatalErrors, lease);
        } catch (AcquireTimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String state = cause instanceof SQLException ? ((SQLException) cause).getSQLState() : null;
            throw new SQLTransientConnectionException(e.getMessage(), state, cause);
        } catch (PoolClosedException e) {
            throw new SQLException("Data source for pool '" + r.config.poolName() + "' has been closed", "08003", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a connection from pool '" + r.config.poolName() + "'", e);
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

    /** @return the settings this data source runs with, or {@code null} before a JavaBean-style one has started */
    public CisternConfig config() {
        Running r = runningOrNull();
        return r != null ? r.config : null;
    }

    /** @return whether the data source has started (always, unless made JavaBean-style and not used yet) */
    public boolean isRunning() {
        return runningOrNull() != null;
    }

    /**
     * @return the name of the discipline serving this data source ({@code plain}, {@code sqlite},
     *     {@code cluster}, ...)
     * @throws IllegalStateException before a JavaBean-style data source has started
     */
    public String discipline() {
        return requireRunning("discipline()").disciplineName;
    }

    /** @return the pool's name (before a JavaBean-style start, the one set, or {@code null}) */
    public String getPoolName() {
        Running r = runningOrNull();
        return r != null ? r.config.poolName() : setting("poolName");
    }

    /**
     * @return a snapshot of the plain pool's state and counters
     * @throws IllegalStateException before the start, or when a discipline with pools of its own serves this data source
     */
    public PoolStats poolStats() {
        return plainPool("poolStats()").stats();
    }

    /** @return connections lent out right now; O(1) with {@link CisternConfig#trackActiveCount()}, else a pass over the pool */
    public int activeConnections() {
        return plainPool("activeConnections()").activeCount();
    }

    /**
     * @return the plain pool's monitor: its health (by {@link io.cistern.jdbc.monitor.HealthRule}),
     *     the history of samples and the health changes
     * @throws IllegalStateException before the start, with {@code monitorInterval=0}, or when a
     *     discipline with pools of its own serves this data source
     */
    public PoolMonitor monitor() {
        plainPool("monitor()");
        PoolMonitor m = runningOrNull().monitor;
        if (m == null) {
            throw new IllegalStateException("Pool '" + getPoolName() + "' runs without a monitor (monitorInterval=0)");
        }
        return m;
    }

    /** Retires every connection: idle ones now, lent ones when returned. */
    public void softEvictConnections() {
        plainPool("softEvictConnections()").softEvictAll();
    }

    /** Holds new {@code getConnection()} calls, within their timeout, until {@link #resumePool()}. */
    public void suspendPool() {
        plainPool("suspendPool()").suspend();
    }

    /** Lets {@code getConnection()} through again. */
    public void resumePool() {
        plainPool("resumePool()").resume();
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        Running r = runningOrNull();
        return r != null ? r.isClosed() : closedBeforeStart;
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
        Running r = runningOrNull();
        if (r == null && startLock != null) {
            startLock.lock();
            try {
                r = lazy;
                if (r == null) {
                    closedBeforeStart = true;
                    return;
                }
            } finally {
                startLock.unlock();
            }
        }
        r.close(grace);
    }

    /** The discipline's data source, else the driver's {@code DataSource} when configured with one. */
    @Override
    protected Object wrapped() {
        Running r = runningOrNull();
        if (r == null) {
            return null;
        }
        return r.discipline != null ? r.discipline : r.source.dataSource();
    }

    @Override
    protected String describeForErrors() {
        return "Pool '" + getPoolName() + "'";
    }

    private DataSource driverDataSource() {
        Running r = runningOrNull();
        return r == null ? null : r.discipline != null ? r.discipline : r.source.dataSource();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        DataSource ds = driverDataSource();
        return ds != null ? ds.getLogWriter() : super.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        DataSource ds = driverDataSource();
        if (ds != null) {
            ds.setLogWriter(out);
        } else {
            super.setLogWriter(out);
        }
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        DataSource ds = driverDataSource();
        if (ds != null) {
            ds.setLoginTimeout(seconds);
        } else {
            super.setLoginTimeout(seconds);
        }
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        DataSource ds = driverDataSource();
        return ds != null ? ds.getLoginTimeout() : super.getLoginTimeout();
    }

    @Override
    public String toString() {
        Running r = runningOrNull();
        if (r == null) {
            return "CisternDataSource{" + getPoolName() + ", not started}";
        }
        return "CisternDataSource{" + r.config.poolName() + ", " + r.describeTarget() + ", "
                + (r.pool != null ? r.pool.stats().stateSummary() : r.disciplineName + " discipline: " + r.discipline) + '}';
    }

    // ---- JavaBean configuration, as HikariDataSource has it ----

    /**
     * Sets any property by its name, as in a properties file: HikariCP's, Cistern's, the
     * discipline's ({@code sqlite.readers}, ...) or {@code dataSource.<name>}.
     *
     * @param key the property name
     * @param value its text, or an object where the property takes one
     * @throws IllegalArgumentException for an unknown key (naming the closest known one) or a bad value
     * @throws IllegalStateException once the data source has started
     */
    public void setProperty(String key, Object value) {
        if (settings == null || runningOrNull() != null) {
            throw new IllegalStateException("Pool '" + getPoolName() + "' has started; its settings cannot change any more ("
                    + key + "). Set them before the first getConnection()");
        }
        CisternConfig.builder().set(key, value); // checks the key and value now, not at the start
        startLock.lock();
        try {
            if (lazy != null) {
                throw new IllegalStateException("Pool '" + getPoolName() + "' has started; its settings cannot change any more ("
                        + key + "). Set them before the first getConnection()");
            }
            settings.put(key, value);
        } finally {
            startLock.unlock();
        }
    }

    /**
     * @param properties properties to set, each as by {@link #setProperty(String, Object)}
     */
    public void setProperties(Properties properties) {
        CisternConfig.withDefaults(properties).forEach((k, v) -> setProperty(String.valueOf(k), v));
    }

    /** @return a JavaBean setting as text, before the start */
    private String setting(String key) {
        Object v = settings.get(key);
        return v == null ? null : v.toString().trim();
    }

    /** @param url the JDBC URL */
    public void setJdbcUrl(String url) { setProperty("jdbcUrl", url); }
    /** @return the JDBC URL */
    public String getJdbcUrl() { CisternConfig c = config(); return c != null ? c.jdbcUrl() : setting("jdbcUrl"); }
    /** @param url the JDBC URL; the name Spring Boot's {@code DataSourceBuilder} sets */
    public void setUrl(String url) { setJdbcUrl(url); }
    /** @return the JDBC URL */
    public String getUrl() { return getJdbcUrl(); }
    /** @param username the database user */
    public void setUsername(String username) { setProperty("username", username); }
    /** @return the database user */
    public String getUsername() { CisternConfig c = config(); return c != null ? c.username() : setting("username"); }
    /** @param password the database password; never logged or shown */
    public void setPassword(String password) { setProperty("password", password); }
    /** @param className the JDBC driver class */
    public void setDriverClassName(String className) { setProperty("driverClassName", className); }
    /** @return the JDBC driver class, or {@code null} */
    public String getDriverClassName() {
        CisternConfig c = config();
        return c != null ? c.driverClassName() : setting("driverClassName");
    }
    /** @param className a {@code DataSource} class to get connections from instead of a URL */
    public void setDataSourceClassName(String className) { setProperty("dataSourceClassName", className); }
    /** @param dataSource a {@code DataSource} to get connections from instead of a URL */
    public void setDataSource(DataSource dataSource) { setProperty("dataSource", dataSource); }
    /** @param name the JNDI name of a {@code DataSource} to get connections from */
    public void setDataSourceJNDI(String name) { setProperty("dataSourceJNDI", name); }
    /** @param properties driver (or DataSource bean) properties */
    public void setDataSourceProperties(Properties properties) { setProperty("dataSourceProperties", properties); }
    /**
     * @param name a driver (or DataSource bean) property
     * @param value its value
     */
    public void addDataSourceProperty(String name, Object value) { setProperty("dataSource." + name, value); }
    /** @param size most connections (with SQLite: readers) */
    public void setMaximumPoolSize(int size) { setProperty("maximumPoolSize", size); }
    /** @return most connections, as set (or running) */
    public int getMaximumPoolSize() {
        CisternConfig c = config();
        return c != null ? c.maximumPoolSize() : setting("maximumPoolSize") != null ? Integer.parseInt(setting("maximumPoolSize")) : 10;
    }
    /** @param idle idle connections kept ready */
    public void setMinimumIdle(int idle) { setProperty("minimumIdle", idle); }
    /** @param ms how long getConnection waits */
    public void setConnectionTimeout(long ms) { setProperty("connectionTimeout", ms); }
    /** @param ms idle time before a connection above minimumIdle is closed */
    public void setIdleTimeout(long ms) { setProperty("idleTimeout", ms); }
    /** @param ms longest life of a connection */
    public void setMaxLifetime(long ms) { setProperty("maxLifetime", ms); }
    /** @param ms interval of idle-connection tests; below 30,000 switches them off, as in HikariCP */
    public void setKeepaliveTime(long ms) { setProperty("keepaliveTime", ms); }
    /** @param ms how long one validation may take */
    public void setValidationTimeout(long ms) { setProperty("validationTimeout", ms); }
    /** @param ms hold time reported as a leak */
    public void setLeakDetectionThreshold(long ms) { setProperty("leakDetectionThreshold", ms); }
    /** @param ms see {@link CisternConfig.Builder#overtakeLimit(long)} */
    public void setOvertakeLimit(long ms) { setProperty("overtakeLimit", ms); }
    /** @param track see {@link CisternConfig.Builder#trackActiveCount(boolean)} */
    public void setTrackActiveCount(boolean track) { setProperty("trackActiveCount", track); }
    /** @param ms see {@link CisternConfig.Builder#initializationFailTimeout(long)} */
    public void setInitializationFailTimeout(long ms) { setProperty("initializationFailTimeout", ms); }
    /** @param sql validation query */
    public void setConnectionTestQuery(String sql) { setProperty("connectionTestQuery", sql); }
    /** @param sql run once on every new connection */
    public void setConnectionInitSql(String sql) { setProperty("connectionInitSql", sql); }
    /** @param autoCommit auto-commit state of pooled connections */
    public void setAutoCommit(boolean autoCommit) { setProperty("autoCommit", autoCommit); }
    /** @param readOnly read-only state of pooled connections */
    public void setReadOnly(boolean readOnly) { setProperty("readOnly", readOnly); }
    /** @param level {@code TRANSACTION_*} name (or number) */
    public void setTransactionIsolation(String level) { setProperty("transactionIsolation", level); }
    /** @param catalog catalog of pooled connections */
    public void setCatalog(String catalog) { setProperty("catalog", catalog); }
    /** @param schema schema of pooled connections */
    public void setSchema(String schema) { setProperty("schema", schema); }
    /** @param name the pool's name */
    public void setPoolName(String name) { setProperty("poolName", name); }
    /** @param ms pause between two samples of the pool monitor, 0 for none */
    public void setMonitorInterval(long ms) { setProperty("monitorInterval", ms); }
    /** @param samples samples the pool monitor keeps */
    public void setMonitorHistory(int samples) { setProperty("monitorHistory", samples); }
    /** @param register register the pool's MXBean */
    public void setRegisterMbeans(boolean register) { setProperty("registerMbeans", register); }
    /** @param allow accepted for HikariCP compatibility; Cistern pools can always be suspended */
    public void setAllowPoolSuspension(boolean allow) { setProperty("allowPoolSuspension", allow); }
    /** @param isolate accepted for HikariCP compatibility; Cistern runs no internal queries */
    public void setIsolateInternalQueries(boolean isolate) { setProperty("isolateInternalQueries", isolate); }
    /** @param registry a Micrometer {@code MeterRegistry} */
    public void setMetricRegistry(Object registry) { setProperty("metricRegistry", registry); }
    /** @param factory makes the pool's background threads */
    public void setThreadFactory(ThreadFactory factory) { setProperty("threadFactory", factory); }
    /** @param classifier decides which SQLExceptions evict a connection */
    public void setExceptionClassifier(SqlExceptionClassifier classifier) { setProperty("exceptionClassifier", classifier); }
    /** @param className a HikariCP {@code SQLExceptionOverride} (or {@link SqlExceptionClassifier}) class */
    public void setExceptionOverrideClassName(String className) { setProperty("exceptionOverrideClassName", className); }
    /** @param override a HikariCP {@code SQLExceptionOverride} (or {@link SqlExceptionClassifier}) */
    public void setExceptionOverride(Object override) { setProperty("exceptionOverride", override); }
    /** @param credentials a HikariCP {@code Credentials}: user name and password */
    public void setCredentials(Object credentials) { setProperty("credentials", credentials); }
    /** @param provider a HikariCP {@code HikariCredentialsProvider}, asked at every new connection */
    public void setCredentialsProvider(Object provider) { setProperty("credentialsProvider", provider); }
    /** @param className the class of a HikariCP {@code HikariCredentialsProvider} */
    public void setCredentialsProviderClassName(String className) { setProperty("credentialsProviderClassName", className); }
    /**
     * Refused: HikariCP's own metrics interface.
     *
     * @param factory ignored
     * @throws IllegalArgumentException always, saying to set {@link #setMetricRegistry(Object)} instead
     */
    public void setMetricsTrackerFactory(Object factory) { setProperty("metricsTrackerFactory", factory); }
    /**
     * Refused: Dropwizard health checks.
     *
     * @param registry ignored
     * @throws IllegalArgumentException always, saying what to use instead
     */
    public void setHealthCheckRegistry(Object registry) { setProperty("healthCheckRegistry", registry); }
    /**
     * Refused: Dropwizard health checks.
     *
     * @param properties ignored
     * @throws IllegalArgumentException always, saying what to use instead
     */
    public void setHealthCheckProperties(Properties properties) { setProperty("healthCheckProperties", properties); }
    /**
     * Refused: Dropwizard health checks.
     *
     * @param key ignored
     * @param value ignored
     * @throws IllegalArgumentException always, saying what to use instead
     */
    public void addHealthCheckProperty(String key, String value) { setProperty("healthCheckProperties", key + "=" + value); }
    /**
     * Refused: each pool keeps its timers on its own thread.
     *
     * @param executor ignored
     * @throws IllegalArgumentException always, saying what to use instead
     */
    public void setScheduledExecutor(ScheduledExecutorService executor) { setProperty("scheduledExecutor", executor); }
    /** @param discipline {@code auto} (the URL decides), {@code plain}, or a discipline's name */
    public void setDiscipline(String discipline) { setProperty("discipline", discipline); }
    /** @param balancing a cluster's load balancing: ROUND_ROBIN, LEAST_CONNECTIONS, RANDOM, HEALTH_BASED */
    public void setLoadBalancing(String balancing) { setProperty("loadBalancing", balancing); }
    /** @param ms a cluster's pause between two health checks of an endpoint */
    public void setHealthCheckInterval(long ms) { setProperty("healthCheckInterval", ms); }
    /** @param ms how long a cluster's request waits on one endpoint before trying the next */
    public void setEndpointTimeout(long ms) { setProperty("endpointTimeout", ms); }

    /** The started state: the plain pool, or the discipline's data source. */
    private static final class Running {
        final CisternConfig config;
        final String disciplineName;
        final DataSource discipline;
        final PhysicalConnectionSource source;
        final FatalErrorDetector fatalErrors;
        final PoolMetricsBinding metrics;
        final ResourcePool<PooledConnection> pool;
        final ObjectName mbeanName;
        final PoolMonitor monitor;
        private volatile boolean disciplineClosed;

        private Running(CisternConfig config, String disciplineName, DataSource discipline) {
            this.config = config;
            this.disciplineName = disciplineName;
            this.discipline = discipline;
            this.source = null;
            this.fatalErrors = null;
            this.metrics = null;
            this.pool = null;
            this.mbeanName = null;
            this.monitor = null;
        }

        private Running(CisternConfig config) {
            this.config = config;
            this.disciplineName = CisternConfig.PLAIN;
            this.discipline = null;
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
            this.monitor = config.monitorInterval() > 0
                    ? new PoolMonitor(config.poolName(), pool::stats, pool::isShutdown, config.breakerState(),
                            Duration.ofMillis(config.monitorInterval()), config.monitorHistory(), Clock.systemUTC()).start()
                    : null;
            if (metrics != null) {
                metrics.bindGauges(pool::stats);
                if (monitor != null) {
                    metrics.bindHealth(() -> monitor.health().ordinal());
                }
            }
            this.mbeanName = config.registerMbeans() ? registerMBean() : null;
            log.info("Pool '{}' started for {}", config.poolName(), describeTarget());
        }

        static Running start(CisternConfig config) {
            io.cistern.jdbc.discipline.ConnectionDiscipline chosen = Disciplines.choose(config);
            if (chosen == null) {
                return new Running(config);
            }
            DataSource ds;
            try {
                ds = chosen.open(config);
            } catch (SQLException e) {
                throw new IllegalStateException("Pool '" + config.poolName() + "' (" + chosen.name() + " discipline) could not open "
                        + describeTarget(config) + ": " + e, e);
            }
            log.info("Pool '{}' for {}: {}", config.poolName(), describeTarget(config), chosen.describe(ds));
            return new Running(config, chosen.name(), ds);
        }

        String describeTarget() {
            return describeTarget(config);
        }

        private static String describeTarget(CisternConfig config) {
            return config.jdbcUrl() != null ? Secrets.maskUrl(config.jdbcUrl())
                    : config.dataSourceClassName() != null ? config.dataSourceClassName()
                    : config.dataSourceJndi() != null ? "JNDI " + config.dataSourceJndi()
                    : config.dataSource() != null ? config.dataSource().getClass().getName()
                    : "an endpoint list";
        }

        boolean isClosed() {
            return pool != null ? pool.isShutdown() : disciplineClosed;
        }

        void close(Duration grace) {
            if (pool == null) {
                if (!disciplineClosed) {
                    disciplineClosed = true;
                    if (discipline instanceof AutoCloseable) {
                        try {
                            ((AutoCloseable) discipline).close();
                        } catch (Exception e) {
                            log.warn("Pool '{}': closing its {} data source failed", config.poolName(), disciplineName, e);
                        }
                    }
                }
                return;
            }
            if (pool.isShutdown()) {
                return;
            }
            pool.close(grace);
            if (monitor != null) {
                monitor.sample(); // the history ends with the pool closed
                monitor.close();
            }
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
                server.registerMBean(new PoolMXBean(pool, monitor), name);
                return name;
            } catch (JMException e) {
                pool.close(Duration.ZERO);
                throw new IllegalStateException("Pool '" + config.poolName() + "': registering its MXBean failed: " + e, e);
            }
        }
    }

    /** The MXBean view of a plain pool. */
    private static final class PoolMXBean implements CisternPoolMXBean {
        private final ResourcePool<PooledConnection> pool;
        private final PoolMonitor monitor;

        PoolMXBean(ResourcePool<PooledConnection> pool, PoolMonitor monitor) {
            this.pool = pool;
            this.monitor = monitor;
        }

        @Override
        public String getHealth() {
            return monitor != null ? monitor.health().name() : PoolHealth.HEALTHY.name();
        }

        @Override
        public String[] getHealthTransitions() {
            if (monitor == null) {
                return new String[0];
            }
            return monitor.transitions().stream()
                    .map(t -> t.at() + " " + t.from() + " -> " + t.to() + " (" + t.reason() + ")")
                    .toArray(String[]::new);
        }

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
