package io.cistern.jdbc;

import io.cistern.jdbc.discipline.DisciplineSettings;
import io.cistern.pool.PoolConfig;
import io.cistern.pool.config.NotAllowed;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable settings of a {@link CisternDataSource}, with HikariCP's names, defaults and meanings
 * so a HikariCP configuration moves over unchanged. Made by {@link #builder()},
 * {@link #fromProperties(Properties)} or {@link #fromPropertiesFile(Path)}; every value is
 * checked when it is built, and a bad one fails there, naming the setting, the value and what
 * is allowed.
 *
 * <p>Where HikariCP quietly adjusts a combination rather than rejecting it, Cistern does the same
 * and logs a warning: an {@code idleTimeout} or {@code keepaliveTime} not below
 * {@code maxLifetime} is switched off, a {@code keepaliveTime} below 30 s is switched off (as
 * HikariCP does), and a {@code validationTimeout} above {@code connectionTimeout} is lowered to it.
 *
 * <p>Besides HikariCP's settings it carries the discipline's: {@code discipline} ({@code auto},
 * {@code plain}, or a discipline's name) and {@link #disciplineSettings()} ({@code loadBalancing},
 * {@code sqlite.readers}, ...), read by the {@link io.cistern.jdbc.discipline.ConnectionDiscipline}
 * that serves the URL.
 */
public final class CisternConfig {
    private static final Logger log = LoggerFactory.getLogger(CisternConfig.class);
    private static final AtomicInteger UNNAMED = new AtomicInteger();
    static final long MIN_TIMEOUT_MS = 250;
    /** HikariCP disables a keepaliveTime below this, with a warning; so does Cistern. */
    static final long MIN_KEEPALIVE_MS = 30_000;
    /** The discipline value that lets the URL decide. */
    public static final String AUTO = "auto";
    /** The discipline value that keeps the plain pool whatever the URL. */
    public static final String PLAIN = "plain";
    /** Prefix of the keys of an explicit endpoint list, {@code endpoints.<name>=<single-host URL>}, read by the cluster discipline. */
    public static final String ENDPOINTS_PREFIX = "endpoints.";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String driverClassName;
    private final String dataSourceClassName;
    private final DataSource dataSource;
    private final String dataSourceJndi;
    private final Map<String, String> dataSourceProperties;
    private final int maximumPoolSize;
    private final int minimumIdle;
    private final long connectionTimeout;
    private final long idleTimeout;
    private final long maxLifetime;
    private final long keepaliveTime;
    private final long validationTimeout;
    private final long leakDetectionThreshold;
    private final long overtakeLimit;
    private final boolean trackActiveCount;
    private final long initializationFailTimeout;
    private final String connectionTestQuery;
    private final String connectionInitSql;
    private final String sessionResetSql;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final Integer transactionIsolation;
    private final String catalog;
    private final String schema;
    private final String poolName;
    private final boolean registerMbeans;
    private final Object metricRegistry;
    private final SqlExceptionClassifier exceptionClassifier;
    private final ThreadFactory threadFactory;
    private final Object credentialsProvider;
    private final String discipline;
    private final DisciplineSettings disciplineSettings;
    private final long monitorInterval;
    private final int monitorHistory;
    private final java.util.function.Supplier<String> breakerState;

    private CisternConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.username = b.username;
        this.password = b.password;
        this.driverClassName = b.driverClassName;
        this.dataSourceClassName = b.dataSourceClassName;
        this.dataSource = b.dataSource;
        this.dataSourceJndi = b.dataSourceJndi;
        this.dataSourceProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.dataSourceProperties));
        this.maximumPoolSize = b.maximumPoolSize;
        this.minimumIdle = b.minimumIdle == Builder.UNSET ? b.maximumPoolSize : b.minimumIdle;
        this.connectionTimeout = b.connectionTimeout == 0 ? Integer.MAX_VALUE : b.connectionTimeout;
        this.maxLifetime = b.maxLifetime;
        long idle = b.idleTimeout;
        if (idle > 0 && maxLifetime > 0 && idle >= maxLifetime) {
            log.warn("idleTimeout ({} ms) is not below maxLifetime ({} ms); idle timeout disabled", idle, maxLifetime);
            idle = 0;
        }
        this.idleTimeout = idle;
        long keepalive = b.keepaliveTime;
        if (keepalive > 0 && keepalive < MIN_KEEPALIVE_MS) {
            log.warn("keepaliveTime ({} ms) is less than {} ms; keepalive disabled (as HikariCP does)", keepalive, MIN_KEEPALIVE_MS);
            keepalive = 0;
        }
        if (keepalive > 0 && maxLifetime > 0 && keepalive >= maxLifetime) {
            log.warn("keepaliveTime ({} ms) is not below maxLifetime ({} ms); keepalive disabled", keepalive, maxLifetime);
            keepalive = 0;
        }
        this.keepaliveTime = keepalive;
        long validation = b.validationTimeout;
        if (validation > connectionTimeout) {
            log.warn("validationTimeout ({} ms) exceeds connectionTimeout ({} ms); lowered to it", validation, connectionTimeout);
            validation = connectionTimeout;
        }
        this.validationTimeout = validation;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.overtakeLimit = b.overtakeLimit;
        this.trackActiveCount = b.trackActiveCount;
        this.initializationFailTimeout = b.initializationFailTimeout;
        this.connectionTestQuery = b.connectionTestQuery;
        this.connectionInitSql = b.connectionInitSql;
        this.sessionResetSql = b.sessionResetSql;
        this.autoCommit = b.autoCommit;
        this.readOnly = b.readOnly;
        this.transactionIsolation = b.transactionIsolation;
        this.catalog = b.catalog;
        this.schema = b.schema;
        this.poolName = b.poolName != null ? b.poolName : "cistern-" + UNNAMED.incrementAndGet();
        this.registerMbeans = b.registerMbeans;
        this.metricRegistry = b.metricRegistry;
        this.exceptionClassifier = b.exceptionClassifier;
        this.threadFactory = b.threadFactory;
        this.credentialsProvider = b.credentialsProvider;
        this.discipline = b.discipline;
        this.disciplineSettings = new DisciplineSettings(b.disciplineSettings);
        this.monitorInterval = b.monitorInterval;
        this.monitorHistory = b.monitorHistory;
        this.breakerState = b.breakerState;
    }

    /** @return a builder with HikariCP's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads HikariCP-style properties: {@code jdbcUrl}, {@code username}, {@code password},
     * {@code driverClassName}, {@code dataSourceClassName}, {@code dataSource.*} (driver or
     * DataSource properties), {@code maximumPoolSize}, {@code minimumIdle},
     * {@code connectionTimeout}, {@code idleTimeout}, {@code maxLifetime}, {@code keepaliveTime},
     * {@code validationTimeout}, {@code leakDetectionThreshold}, {@code overtakeLimit}, {@code trackActiveCount},
     * {@code initializationFailTimeout}, {@code connectionTestQuery}, {@code connectionInitSql},
     * {@code autoCommit}, {@code readOnly}, {@code transactionIsolation}, {@code catalog},
     * {@code schema}, {@code poolName}, {@code registerMbeans}, and HikariCP's
     * {@code allowPoolSuspension} and {@code isolateInternalQueries}, which are accepted and
     * change nothing (Cistern pools can always be suspended and run no internal queries); and
     * the rest of HikariCP 7's keys ({@code dataSource}, {@code dataSourceJNDI},
     * {@code dataSourceProperties}, {@code metricRegistry}, {@code threadFactory},
     * {@code exceptionOverrideClassName}, {@code exceptionOverride}, {@code credentials},
     * {@code credentialsProvider}, {@code credentialsProviderClassName}), honoured, or refused
     * with the reason and what to use instead ({@code metricsTrackerFactory},
     * {@code healthCheckRegistry}, {@code healthCheckProperties}, {@code scheduledExecutor}); and
     * the discipline's ({@code discipline}, {@code loadBalancing}, {@code healthCheckInterval},
     * {@code endpointTimeout}, {@code roleQuery}, {@code sqlite.*}). Values may be objects
     * ({@code Properties.put}), as HikariCP reads them: a {@code MeterRegistry}, a
     * {@code DataSource}, numbers and booleans. Durations are milliseconds.
     *
     * @param properties the properties
     * @return the checked configuration
     * @throws IllegalArgumentException for an unknown key (naming the closest known one) or a bad value
     */
    public static CisternConfig fromProperties(Properties properties) {
        Builder b = builder();
        b.setAll(withDefaults(properties));
        return b.build();
    }

    /**
     * @param properties properties, perhaps with defaults behind them
     * @return every key to its value: text values including the defaults' (as
     *     {@link Properties#stringPropertyNames()} sees them), and the objects put directly
     */
    static Map<Object, Object> withDefaults(Properties properties) {
        Map<Object, Object> all = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            all.put(name, properties.getProperty(name));
        }
        properties.forEach((k, v) -> all.putIfAbsent(k, v));
        return all;
    }

    /**
     * Reads a properties file (UTF-8) as {@link #fromProperties(Properties)} does.
     *
     * @param file the file
     * @return the checked configuration
     * @throws IOException if the file cannot be read
     */
    public static CisternConfig fromPropertiesFile(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return fromProperties(properties);
    }

    /** @return the JDBC URL, or {@code null} when a DataSource class is used */
    public String jdbcUrl() { return jdbcUrl; }
    /** @return the user name, or {@code null} */
    public String username() { return username; }
    /** @return the password; never logged or shown */
    String password() { return password; }
    /** @return the driver class, or {@code null} to find the driver by URL */
    public String driverClassName() { return driverClassName; }
    /** @return the DataSource class, or {@code null} when a JDBC URL is used */
    public String dataSourceClassName() { return dataSourceClassName; }
    /** @return the driver or DataSource properties ({@code dataSource.*}) */
    public Map<String, String> dataSourceProperties() { return dataSourceProperties; }
    /** @return the most connections, counting those being opened */
    public int maximumPoolSize() { return maximumPoolSize; }
    /** @return the idle connections kept ready */
    public int minimumIdle() { return minimumIdle; }
    /** @return how long {@code getConnection()} waits, in ms */
    public long connectionTimeout() { return connectionTimeout; }
    /** @return how long a connection may sit idle above {@code minimumIdle}, in ms (0: forever) */
    public long idleTimeout() { return idleTimeout; }
    /** @return the longest life of a connection, in ms (0: forever) */
    public long maxLifetime() { return maxLifetime; }
    /** @return how often idle connections are tested, in ms (0: never) */
    public long keepaliveTime() { return keepaliveTime; }
    /** @return how long one validation may take, in ms */
    public long validationTimeout() { return validationTimeout; }
    /** @return how long a connection may be held before it is reported as a leak, in ms (0: off) */
    public long leakDetectionThreshold() { return leakDetectionThreshold; }
    /** @return how long, in ms, a queued getConnection may be overtaken; see {@link Builder#overtakeLimit(long)} */
    public long overtakeLimit() { return overtakeLimit; }
    /** @return whether {@link CisternDataSource#activeConnections()} is kept O(1); see {@link Builder#trackActiveCount(boolean)} */
    public boolean trackActiveCount() { return trackActiveCount; }
    /** @return HikariCP's initializationFailTimeout, in ms */
    public long initializationFailTimeout() { return initializationFailTimeout; }
    /** @return the validation query, or {@code null} to use {@code Connection.isValid} */
    public String connectionTestQuery() { return connectionTestQuery; }
    /** @return SQL run once on every new connection, or {@code null} */
    public String connectionInitSql() { return connectionInitSql; }

    /**
     * @return SQL run when a connection returns after it ran a statement that leaves session state
     *     behind ({@code SET}, {@code set_config}, temporary tables, {@code WITH HOLD} cursors,
     *     {@code PREPARE}, {@code LISTEN}, session advisory locks), or {@code null} (the default)
     *     for no such reset
     */
    public String sessionResetSql() { return sessionResetSql; }
    /** @return the auto-commit state of pooled connections */
    public boolean autoCommit() { return autoCommit; }
    /** @return the read-only state of pooled connections */
    public boolean readOnly() { return readOnly; }
    /** @return the isolation level of pooled connections, or {@code null} for the driver's default */
    public Integer transactionIsolation() { return transactionIsolation; }
    /** @return the catalog of pooled connections, or {@code null} */
    public String catalog() { return catalog; }
    /** @return the schema of pooled connections, or {@code null} */
    public String schema() { return schema; }
    /** @return the pool's name */
    public String poolName() { return poolName; }
    /** @return whether the pool registers its JMX MXBean */
    public boolean registerMbeans() { return registerMbeans; }
    /** @return the Micrometer {@code MeterRegistry}, or {@code null} */
    public Object metricRegistry() { return metricRegistry; }
    /** @return the user's fatal-error classifier, or {@code null} */
    public SqlExceptionClassifier exceptionClassifier() { return exceptionClassifier; }
    /** @return the DataSource object connections come from, or {@code null} */
    public DataSource dataSource() { return dataSource; }
    /** @return the JNDI name of the DataSource connections come from, or {@code null} */
    public String dataSourceJndi() { return dataSourceJndi; }
    /** @return the factory of the pool's background threads, or {@code null} for Cistern's own */
    public ThreadFactory threadFactory() { return threadFactory; }
    /** @return HikariCP-style credentials provider asked at every new connection, or {@code null} */
    Object credentialsProvider() { return credentialsProvider; }
    /** @return {@value #AUTO} (the URL decides), {@value #PLAIN}, or a discipline's name */
    public String discipline() { return discipline; }
    /** @return the discipline's own settings ({@code loadBalancing}, {@code sqlite.readers}, ...) */
    public DisciplineSettings disciplineSettings() { return disciplineSettings; }
    /** @return ms between two samples of the pool monitor (0: no monitor) */
    public long monitorInterval() { return monitorInterval; }
    /** @return samples the pool monitor keeps */
    public int monitorHistory() { return monitorHistory; }
    /** @return the state of a breaker in front of this pool, for the monitor; or {@code null} */
    public java.util.function.Supplier<String> breakerState() { return breakerState; }

    PoolConfig toPoolConfig() {
        Duration timeout = Duration.ofMillis(connectionTimeout);
        return PoolConfig.builder()
                .name(poolName)
                .maxSize(maximumPoolSize)
                .minIdle(minimumIdle)
                .acquireTimeout(timeout)
                .createTimeout(timeout)
                .idleTimeout(Duration.ofMillis(idleTimeout))
                .maxLifetime(Duration.ofMillis(maxLifetime))
                .keepaliveTime(Duration.ofMillis(keepaliveTime))
                .validationTimeout(Duration.ofMillis(validationTimeout))
                .leakDetectionThreshold(Duration.ofMillis(leakDetectionThreshold))
                .overtakeLimit(Duration.ofMillis(overtakeLimit))
                .trackActiveCount(trackActiveCount)
                .initializationFailTimeout(initializationFailTimeout > 0 ? Duration.ofMillis(initializationFailTimeout) : null)
                .threadFactory(threadFactory)
                .build();
    }

    /** Shows the settings with every secret masked: the password, and password-like URL and driver properties. */
    @Override
    public String toString() {
        Map<String, String> shownProperties = new LinkedHashMap<>();
        dataSourceProperties.forEach((k, v) -> shownProperties.put(k, Secrets.isSecretKey(k) ? Secrets.MASK : v));
        return "CisternConfig{poolName=" + poolName
                + ", jdbcUrl=" + Secrets.maskUrl(jdbcUrl)
                + ", username=" + username
                + ", password=" + (password == null ? null : Secrets.MASK)
                + ", driverClassName=" + driverClassName
                + ", dataSourceClassName=" + dataSourceClassName
                + (dataSource != null ? ", dataSource=" + dataSource.getClass().getName() : "")
                + (dataSourceJndi != null ? ", dataSourceJNDI=" + dataSourceJndi : "")
                + ", dataSourceProperties=" + shownProperties
                + ", maximumPoolSize=" + maximumPoolSize + ", minimumIdle=" + minimumIdle
                + ", connectionTimeout=" + connectionTimeout + ", idleTimeout=" + idleTimeout
                + ", maxLifetime=" + maxLifetime + ", keepaliveTime=" + keepaliveTime
                + ", validationTimeout=" + validationTimeout + ", leakDetectionThreshold=" + leakDetectionThreshold
                + ", overtakeLimit=" + overtakeLimit + ", trackActiveCount=" + trackActiveCount
                + ", initializationFailTimeout=" + initializationFailTimeout
                + ", connectionTestQuery=" + connectionTestQuery + ", connectionInitSql=" + connectionInitSql
                + ", sessionResetSql=" + sessionResetSql
                + ", autoCommit=" + autoCommit + ", readOnly=" + readOnly
                + ", transactionIsolation=" + transactionIsolation + ", catalog=" + catalog + ", schema=" + schema
                + ", registerMbeans=" + registerMbeans
                + ", monitorInterval=" + monitorInterval + ", monitorHistory=" + monitorHistory
                + ", discipline=" + discipline + (disciplineSettings.asMap().isEmpty() ? "" : " " + disciplineSettings) + '}';
    }

    /** Collects settings under HikariCP's names; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private String driverClassName;
        private String dataSourceClassName;
        private DataSource dataSource;
        private String dataSourceJndi;
        private final Map<String, String> dataSourceProperties = new LinkedHashMap<>();
        private int maximumPoolSize = 10;
        /** minimumIdle not given: it follows maximumPoolSize. */
        private static final int UNSET = Integer.MIN_VALUE;
        private int minimumIdle = UNSET;
        private long connectionTimeout = 30_000;
        private long idleTimeout = 600_000;
        private long maxLifetime = 1_800_000;
        private long keepaliveTime = 120_000;
        private long validationTimeout = 5_000;
        private long leakDetectionThreshold = 0;
        private long overtakeLimit = 10;
        private boolean trackActiveCount = false;
        private long initializationFailTimeout = 1;
        private String connectionTestQuery;
        private String connectionInitSql;
        private String sessionResetSql;
        private boolean autoCommit = true;
        private boolean readOnly = false;
        private Integer transactionIsolation;
        private String catalog;
        private String schema;
        private String poolName;
        private boolean registerMbeans;
        private Object metricRegistry;
        private SqlExceptionClassifier exceptionClassifier;
        private ThreadFactory threadFactory;
        private Object credentialsProvider;
        private String discipline = AUTO;
        private final Map<String, String> disciplineSettings = new LinkedHashMap<>();
        private long monitorInterval = 5_000;
        private int monitorHistory = 720;
        private java.util.function.Supplier<String> breakerState;

        private Builder() {
        }

        /**
         * Applies properties under HikariCP's and Cistern's names, as
         * {@link CisternConfig#fromProperties(Properties)} reads them; values may be text or objects.
         *
         * @param properties the properties
         * @return this builder
         * @throws IllegalArgumentException for an unknown key (naming the closest known one) or a bad value
         */
        public Builder setAll(Map<?, ?> properties) {
            for (Map.Entry<?, ?> e : properties.entrySet()) {
                set(String.valueOf(e.getKey()), e.getValue());
            }
            return this;
        }

        /**
         * Applies one property by name, as a properties file or {@code Properties.put} gives it.
         *
         * @param key a HikariCP or Cistern property name, or {@code dataSource.<name>}
         * @param value its text, or an object where the property takes one
         * @return this builder
         * @throws IllegalArgumentException for an unknown key (naming the closest known one) or a bad value
         */
        public Builder set(String key, Object value) {
            if (key.startsWith(ENDPOINTS_PREFIX) && key.length() > ENDPOINTS_PREFIX.length()) {
                disciplineSetting(key, ConfigProperty.text(key, value));
            } else if (key.startsWith("dataSource.")) {
                String name = key.substring("dataSource.".length());
                addDataSourceProperty(name, ConfigProperty.text(key, value));
            } else {
                ConfigProperty.named(key).apply(this, value);
            }
            return this;
        }

        /**
         * Copies every pool setting of a configuration (not its discipline, which is for the whole
         * data source): what a discipline uses to give its own pools the user's HikariCP settings.
         *
         * @param other the configuration to copy
         * @return this builder
         */
        public Builder poolSettingsOf(CisternConfig other) {
            jdbcUrl = other.jdbcUrl;
            username = other.username;
            password = other.password;
            driverClassName = other.driverClassName;
            dataSourceClassName = other.dataSourceClassName;
            dataSource = other.dataSource;
            dataSourceJndi = other.dataSourceJndi;
            dataSourceProperties.putAll(other.dataSourceProperties);
            maximumPoolSize = other.maximumPoolSize;
            minimumIdle = other.minimumIdle;
            connectionTimeout = other.connectionTimeout;
            idleTimeout = other.idleTimeout;
            maxLifetime = other.maxLifetime;
            keepaliveTime = other.keepaliveTime;
            validationTimeout = other.validationTimeout;
            leakDetectionThreshold = other.leakDetectionThreshold;
            overtakeLimit = other.overtakeLimit;
            trackActiveCount = other.trackActiveCount;
            initializationFailTimeout = other.initializationFailTimeout;
            connectionTestQuery = other.connectionTestQuery;
            connectionInitSql = other.connectionInitSql;
            autoCommit = other.autoCommit;
            readOnly = other.readOnly;
            transactionIsolation = other.transactionIsolation;
            catalog = other.catalog;
            schema = other.schema;
            poolName = other.poolName;
            registerMbeans = other.registerMbeans;
            metricRegistry = other.metricRegistry;
            exceptionClassifier = other.exceptionClassifier;
            threadFactory = other.threadFactory;
            credentialsProvider = other.credentialsProvider;
            monitorInterval = other.monitorInterval;
            monitorHistory = other.monitorHistory;
            return this;
        }

        /** @param url the JDBC URL (or use {@link #dataSourceClassName(String)}) */
        public Builder jdbcUrl(String url) { this.jdbcUrl = url; return this; }
        /** @param username the database user */
        public Builder username(String username) { this.username = username; return this; }
        /** @param password the database password; never logged or shown */
        public Builder password(String password) { this.password = password; return this; }
        /** @param className the JDBC driver class; default: found by URL through DriverManager */
        public Builder driverClassName(String className) { this.driverClassName = className; return this; }
        /** @param className a {@code javax.sql.DataSource} class to get connections from instead of a URL */
        public Builder dataSourceClassName(String className) { this.dataSourceClassName = className; return this; }
        /**
         * @param name a driver property (with a URL) or DataSource bean property (with a DataSource class)
         * @param value its value
         */
        public Builder addDataSourceProperty(String name, String value) { dataSourceProperties.put(name, value); return this; }
        /** @param size most connections, 1 to 100,000; default 10 */
        public Builder maximumPoolSize(int size) { this.maximumPoolSize = size; return this; }
        /** @param idle idle connections kept ready, 0 to maximumPoolSize; default maximumPoolSize */
        public Builder minimumIdle(int idle) { this.minimumIdle = idle; return this; }
        /** @param ms how long getConnection waits: 0 (forever) or at least 250; default 30,000 */
        public Builder connectionTimeout(long ms) { this.connectionTimeout = ms; return this; }
        /** @param ms idle time before a connection above minimumIdle is closed, 0 for never; default 600,000 */
        public Builder idleTimeout(long ms) { this.idleTimeout = ms; return this; }
        /** @param ms longest life of a connection, 0 for forever; default 1,800,000 */
        public Builder maxLifetime(long ms) { this.maxLifetime = ms; return this; }
        /** @param ms interval of idle-connection tests, 0 for never; default 120,000 */
        public Builder keepaliveTime(long ms) { this.keepaliveTime = ms; return this; }
        /** @param ms how long one validation may take, at least 250; default 5,000 */
        public Builder validationTimeout(long ms) { this.validationTimeout = ms; return this; }
        /** @param ms hold time reported as a leak, 0 for off; default 0 */
        public Builder leakDetectionThreshold(long ms) { this.leakDetectionThreshold = ms; return this; }
        /**
         * How long a queued getConnection may be overtaken by callers that find a connection
         * idle, before returned connections go straight to the queue, oldest first. Zero makes
         * the pool strictly first-come, first-served (most even, slower when threads outnumber
         * cores). See {@link io.cistern.pool.PoolConfig.Builder#overtakeLimit}.
         *
         * @param ms zero or more; default 10
         * @return this builder
         */
        public Builder overtakeLimit(long ms) { this.overtakeLimit = ms; return this; }
        /**
         * Keeps {@link CisternDataSource#activeConnections()} O(1) by counting connections lent
         * as they are, for callers that ask on every request (a least-connections balancer turns
         * it on for its endpoints). Off by default: it costs two striped-counter updates per
         * getConnection and close. See {@link io.cistern.pool.PoolConfig.Builder#trackActiveCount}.
         *
         * @param track whether to count lent connections as they are lent; default false
         * @return this builder
         */
        public Builder trackActiveCount(boolean track) { this.trackActiveCount = track; return this; }
        /**
         * @param ms above 0: fail construction unless a first connection opens within this time;
         *     0 or below: start without checking; default 1
         */
        public Builder initializationFailTimeout(long ms) { this.initializationFailTimeout = ms; return this; }
        /** @param sql validation query for drivers without a working {@code isValid}; default none */
        public Builder connectionTestQuery(String sql) { this.connectionTestQuery = sql; return this; }
        /** @param sql run once on every new connection; default none */
        public Builder connectionInitSql(String sql) { this.connectionInitSql = sql; return this; }
        /**
         * @param sql run on return only after the connection ran something that leaves session state
         *     (PostgreSQL: {@code DISCARD ALL}, or narrower: {@code RESET ALL; DISCARD TEMP}); then
         *     {@code connectionInitSql} runs again; default none
         */
        public Builder sessionResetSql(String sql) { this.sessionResetSql = sql; return this; }
        /** @param autoCommit auto-commit state of pooled connections; default true */
        public Builder autoCommit(boolean autoCommit) { this.autoCommit = autoCommit; return this; }
        /** @param readOnly read-only state of pooled connections; default false */
        public Builder readOnly(boolean readOnly) { this.readOnly = readOnly; return this; }
        /** @param level a {@link Connection} {@code TRANSACTION_*} constant; default the driver's */
        public Builder transactionIsolation(int level) { this.transactionIsolation = level; return this; }
        /** @param catalog catalog of pooled connections; default the driver's */
        public Builder catalog(String catalog) { this.catalog = catalog; return this; }
        /** @param schema schema of pooled connections; default the driver's */
        public Builder schema(String schema) { this.schema = schema; return this; }
        /** @param name the pool's name in logs, JMX and metrics; default {@code cistern-N} */
        public Builder poolName(String name) { this.poolName = name; return this; }
        /** @param register register the pool's JMX MXBean; default false */
        public Builder registerMbeans(boolean register) { this.registerMbeans = register; return this; }
        /** @param registry a Micrometer {@code io.micrometer.core.instrument.MeterRegistry}; default none */
        public Builder metricRegistry(Object registry) { this.metricRegistry = registry; return this; }
        /** @param classifier decides which SQLExceptions evict a connection; default the built-in rules */
        public Builder exceptionClassifier(SqlExceptionClassifier classifier) { this.exceptionClassifier = classifier; return this; }
        /**
         * @param className a {@link SqlExceptionClassifier}, or a HikariCP {@code SQLExceptionOverride}
         *     (its {@code DO_NOT_EVICT} is {@code NOT_FATAL}, {@code MUST_EVICT} is {@code FATAL},
         *     {@code CONTINUE_EVICT} is {@code DEFAULT}), with a public no-argument constructor
         * @return this builder
         */
        public Builder exceptionOverrideClassName(String className) {
            this.exceptionClassifier = HikariObjects.classifier(HikariObjects.instantiate(className, "exceptionOverrideClassName"),
                    "exceptionOverrideClassName");
            return this;
        }
        /** @param dataSource a {@code DataSource} to get connections from, instead of a URL or class; default none */
        public Builder dataSource(DataSource dataSource) { this.dataSource = dataSource; return this; }
        /** @param name the JNDI name of a {@code DataSource} to get connections from (looked up at start); default none */
        public Builder dataSourceJndi(String name) { this.dataSourceJndi = name; return this; }
        /** @param factory makes the pool's background threads (housekeeping, creation, closing); default daemon threads named after the pool */
        public Builder threadFactory(ThreadFactory factory) { this.threadFactory = factory; return this; }
        /**
         * @param provider a HikariCP {@code HikariCredentialsProvider} (an object with
         *     {@code getCredentials()} returning one with {@code getUsername()} and
         *     {@code getPassword()}), asked for every new connection so rotated secrets apply;
         *     it overrides username and password
         * @return this builder
         */
        public Builder credentialsProvider(Object provider) { this.credentialsProvider = HikariObjects.checkProvider(provider); return this; }
        /**
         * @param className the class of a {@link #credentialsProvider(Object)}, with a public no-argument constructor
         * @return this builder
         */
        public Builder credentialsProviderClassName(String className) {
            return credentialsProvider(HikariObjects.instantiate(className, "credentialsProviderClassName"));
        }
        /**
         * @param discipline {@value #AUTO} (default: the URL decides, see
         *     {@link io.cistern.jdbc.discipline.ConnectionDiscipline}), {@value #PLAIN} (a plain
         *     pool whatever the URL), or a discipline's name ({@code sqlite}, {@code cluster})
         * @return this builder
         */
        public Builder discipline(String discipline) {
            this.discipline = discipline == null ? null : discipline.trim().toLowerCase(java.util.Locale.ROOT);
            return this;
        }
        /**
         * @param ms pause between two samples of the pool monitor ({@link CisternDataSource#monitor()}):
         *     0 (no monitor) or 100 to 3,600,000; default 5,000
         * @return this builder
         */
        public Builder monitorInterval(long ms) { this.monitorInterval = ms; return this; }
        /**
         * @param samples samples the pool monitor keeps, 1 to 100,000; default 720 (an hour at the default interval)
         * @return this builder
         */
        public Builder monitorHistory(int samples) { this.monitorHistory = samples; return this; }
        /**
         * For a circuit breaker in front of this pool (a cluster's endpoint): its state, read at
         * every monitor sample, so the pool's health counts it ({@code OPEN}: unhealthy,
         * {@code HALF_OPEN}: degraded; see {@link io.cistern.jdbc.monitor.HealthRule}).
         *
         * @param state gives {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}; default none
         * @return this builder
         */
        public Builder breakerState(java.util.function.Supplier<String> state) { this.breakerState = state; return this; }
        /**
         * @param key a discipline setting ({@code loadBalancing}, {@code sqlite.readers}, ...)
         * @param value its text; the discipline checks it when it opens
         * @return this builder
         */
        Builder disciplineSetting(String key, String value) { disciplineSettings.put(key, value); return this; }

        /**
         * @return the checked configuration
         * @throws IllegalArgumentException naming the first bad setting, its value and what is allowed
         */
        public CisternConfig build() {
            int sources = (jdbcUrl != null ? 1 : 0) + (dataSourceClassName != null ? 1 : 0) + (dataSource != null ? 1 : 0)
                    + (dataSourceJndi != null ? 1 : 0);
            boolean endpointList = disciplineSettings.keySet().stream().anyMatch(k -> k.startsWith(ENDPOINTS_PREFIX));
            if (sources == 0 && endpointList) {
                sources = 1; // the cluster discipline connects to the listed endpoints
            } else if (endpointList) {
                throw new IllegalArgumentException("Both endpoints.* and " + (jdbcUrl != null ? "jdbcUrl" : "a DataSource")
                        + " are set; allowed: a jdbcUrl (with one or several hosts) or an endpoints.<name> list, not both");
            }
            if (sources != 1) {
                throw new IllegalArgumentException(sources == 0
                        ? "No database given: set jdbcUrl or dataSourceClassName (or dataSource, dataSourceJNDI)"
                        : "More than one of jdbcUrl, dataSourceClassName, dataSource and dataSourceJNDI is set; "
                        + "allowed: exactly one of them");
            }
            if (discipline == null || discipline.isEmpty()) {
                throw NotAllowed.setting("discipline", discipline == null ? null : "''", AUTO + ", " + PLAIN + " or a discipline's name (sqlite, cluster)");
            }
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
                throw NotAllowed.setting("jdbcUrl", Secrets.maskUrl(jdbcUrl), "a URL starting with jdbc:");
            }
            if (maximumPoolSize < 1 || maximumPoolSize > 100_000) {
                throw NotAllowed.setting("maximumPoolSize", maximumPoolSize, "1 to 100000");
            }
            if (minimumIdle != UNSET && (minimumIdle < 0 || minimumIdle > maximumPoolSize)) {
                throw NotAllowed.setting("minimumIdle", minimumIdle, "0 to maximumPoolSize (" + maximumPoolSize + ")");
            }
            if (connectionTimeout != 0 && connectionTimeout < MIN_TIMEOUT_MS) {
                throw NotAllowed.setting("connectionTimeout", connectionTimeout, "0 (wait forever) or at least " + MIN_TIMEOUT_MS + " ms");
            }
            if (validationTimeout < MIN_TIMEOUT_MS) {
                throw NotAllowed.setting("validationTimeout", validationTimeout, "at least " + MIN_TIMEOUT_MS + " ms");
            }
            notNegative("idleTimeout", idleTimeout);
            notNegative("maxLifetime", maxLifetime);
            notNegative("keepaliveTime", keepaliveTime);
            notNegative("leakDetectionThreshold", leakDetectionThreshold);
            notNegative("overtakeLimit", overtakeLimit);
            if (monitorInterval != 0 && (monitorInterval < 100 || monitorInterval > 3_600_000)) {
                throw NotAllowed.setting("monitorInterval", monitorInterval, "0 (no monitor) or 100 to 3600000 ms");
            }
            if (monitorHistory < 1 || monitorHistory > 100_000) {
                throw NotAllowed.setting("monitorHistory", monitorHistory, "1 to 100000 samples");
            }
            if (poolName != null && (poolName.isBlank() || poolName.matches(".*[,=:\"*?\\n].*"))) {
                throw NotAllowed.setting("poolName", "\"" + poolName + "\"", "a non-blank name without , = : \" * ? or line breaks (it names JMX objects)");
            }
            if (metricRegistry != null && !MicrometerSupport.isMeterRegistry(metricRegistry)) {
                throw NotAllowed.setting("metricRegistry", metricRegistry.getClass().getName(),
                        "an io.micrometer.core.instrument.MeterRegistry (with micrometer-core on the class path)");
            }
            return new CisternConfig(this);
        }

        private static void notNegative(String name, long value) {
            if (value < 0) {
                throw NotAllowed.setting(name, value, "0 or more ms");
            }
        }
    }
}
