package io.cistern.jdbc;

import io.cistern.pool.config.NotAllowed;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Every property name Cistern reads: all of HikariCP 7's (each honoured, or refused with why and
 * what to use instead), Cistern's pool settings, and the settings of the disciplines chosen by
 * URL ({@code discipline}, cluster and {@code sqlite.*} settings), each applied to a
 * {@link CisternConfig.Builder}. A value may be text (a properties file) or an object (put into
 * {@code Properties}, or given to a setter of {@link CisternDataSource}).
 */
enum ConfigProperty {
    JDBC_URL("jdbcUrl", text(CisternConfig.Builder::jdbcUrl)),
    USERNAME("username", text(CisternConfig.Builder::username)),
    PASSWORD("password", text(CisternConfig.Builder::password)),
    DRIVER_CLASS_NAME("driverClassName", text(CisternConfig.Builder::driverClassName)),
    DATA_SOURCE_CLASS_NAME("dataSourceClassName", text(CisternConfig.Builder::dataSourceClassName)),
    DATA_SOURCE("dataSource", (k, b, v) -> b.dataSource(object("dataSource", v, DataSource.class, "a javax.sql.DataSource"))),
    DATA_SOURCE_JNDI("dataSourceJNDI", text(CisternConfig.Builder::dataSourceJndi)),
    DATA_SOURCE_PROPERTIES("dataSourceProperties", (k, b, v) -> dataSourceProperties(b, v)),
    MAXIMUM_POOL_SIZE("maximumPoolSize", (k, b, v) -> b.maximumPoolSize(integer("maximumPoolSize", v))),
    MINIMUM_IDLE("minimumIdle", (k, b, v) -> b.minimumIdle(integer("minimumIdle", v))),
    CONNECTION_TIMEOUT("connectionTimeout", (k, b, v) -> b.connectionTimeout(millis("connectionTimeout", v))),
    IDLE_TIMEOUT("idleTimeout", (k, b, v) -> b.idleTimeout(millis("idleTimeout", v))),
    MAX_LIFETIME("maxLifetime", (k, b, v) -> b.maxLifetime(millis("maxLifetime", v))),
    KEEPALIVE_TIME("keepaliveTime", (k, b, v) -> b.keepaliveTime(millis("keepaliveTime", v))),
    VALIDATION_TIMEOUT("validationTimeout", (k, b, v) -> b.validationTimeout(millis("validationTimeout", v))),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", (k, b, v) -> b.leakDetectionThreshold(millis("leakDetectionThreshold", v))),
    OVERTAKE_LIMIT("overtakeLimit", (k, b, v) -> b.overtakeLimit(millis("overtakeLimit", v))),
    TRACK_ACTIVE_COUNT("trackActiveCount", (k, b, v) -> b.trackActiveCount(bool("trackActiveCount", v))),
    INITIALIZATION_FAIL_TIMEOUT("initializationFailTimeout",
            (k, b, v) -> b.initializationFailTimeout(millis("initializationFailTimeout", v))),
    CONNECTION_TEST_QUERY("connectionTestQuery", text(CisternConfig.Builder::connectionTestQuery)),
    CONNECTION_INIT_SQL("connectionInitSql", text(CisternConfig.Builder::connectionInitSql)),
    SESSION_RESET_SQL("sessionResetSql", text(CisternConfig.Builder::sessionResetSql)),
    AUTO_COMMIT("autoCommit", (k, b, v) -> b.autoCommit(bool("autoCommit", v))),
    READ_ONLY("readOnly", (k, b, v) -> b.readOnly(bool("readOnly", v))),
    TRANSACTION_ISOLATION("transactionIsolation", (k, b, v) -> b.transactionIsolation(isolation(v))),
    CATALOG("catalog", text(CisternConfig.Builder::catalog)),
    SCHEMA("schema", text(CisternConfig.Builder::schema)),
    POOL_NAME("poolName", text(CisternConfig.Builder::poolName)),
    REGISTER_MBEANS("registerMbeans", (k, b, v) -> b.registerMbeans(bool("registerMbeans", v))),
    MONITOR_INTERVAL("monitorInterval", (k, b, v) -> b.monitorInterval(millis(k, v))),
    MONITOR_HISTORY("monitorHistory", (k, b, v) -> b.monitorHistory(integer(k, v))),
    /** A Micrometer MeterRegistry, or the name of a MeterRegistry class with a no-argument constructor. */
    METRIC_REGISTRY("metricRegistry", (k, b, v) -> b.metricRegistry(v instanceof String
            ? HikariObjects.instantiate(((String) v).trim(), "metricRegistry") : v)),
    THREAD_FACTORY("threadFactory", (k, b, v) -> b.threadFactory(v instanceof String
            ? object("threadFactory", HikariObjects.instantiate(((String) v).trim(), "threadFactory"), ThreadFactory.class,
                    "a java.util.concurrent.ThreadFactory")
            : object("threadFactory", v, ThreadFactory.class, "a java.util.concurrent.ThreadFactory"))),
    EXCEPTION_CLASSIFIER("exceptionClassifier", (k, b, v) -> b.exceptionClassifier(v instanceof String
            ? HikariObjects.classifier(HikariObjects.instantiate(((String) v).trim(), "exceptionClassifier"), "exceptionClassifier")
            : HikariObjects.classifier(v, "exceptionClassifier"))),
    /** HikariCP's SQLExceptionOverride by class name, mapped onto the {@link SqlExceptionClassifier}. */
    EXCEPTION_OVERRIDE_CLASS_NAME("exceptionOverrideClassName", text(CisternConfig.Builder::exceptionOverrideClassName)),
    EXCEPTION_OVERRIDE("exceptionOverride", (k, b, v) -> b.exceptionClassifier(HikariObjects.classifier(v, "exceptionOverride"))),
    CREDENTIALS("credentials", (k, b, v) -> HikariObjects.credentials(b, v)),
    CREDENTIALS_PROVIDER("credentialsProvider", (k, b, v) -> b.credentialsProvider(v)),
    CREDENTIALS_PROVIDER_CLASS_NAME("credentialsProviderClassName", text(CisternConfig.Builder::credentialsProviderClassName)),
    /** HikariCP's switch for suspend/resume; Cistern pools always allow it. */
    ALLOW_POOL_SUSPENSION("allowPoolSuspension", (k, b, v) -> bool("allowPoolSuspension", v)),
    /** HikariCP's switch for its own queries inside transactions; Cistern runs none. */
    ISOLATE_INTERNAL_QUERIES("isolateInternalQueries", (k, b, v) -> bool("isolateInternalQueries", v)),

    METRICS_TRACKER_FACTORY("metricsTrackerFactory", refused("it is HikariCP's own metrics interface "
            + "(com.zaxxer.hikari.metrics), which Cistern does not implement",
            "set metricRegistry to a Micrometer MeterRegistry (for Prometheus a PrometheusMeterRegistry); "
            + "the meters are HikariCP's with the prefix cistern.connections")),
    HEALTH_CHECK_REGISTRY("healthCheckRegistry", refused("Cistern does not depend on Dropwizard Metrics, "
            + "whose HealthCheckRegistry this is",
            "read CisternDataSource.monitor() (health state and history), the MXBean, or the Actuator health of "
            + "cistern-spring-boot-starter")),
    HEALTH_CHECK_PROPERTIES("healthCheckProperties", refused("they configure HikariCP's Dropwizard health checks, "
            + "which Cistern does not register", "read CisternDataSource.monitor() for the pool's health")),
    SCHEDULED_EXECUTOR("scheduledExecutor", refused("each Cistern pool keeps its housekeeping and creation timers on "
            + "its own daemon thread, so a busy shared executor can never delay a connection timeout",
            "set threadFactory to control how that thread is made")),

    DISCIPLINE("discipline", (k, b, v) -> b.discipline(text("discipline", v))),
    LOAD_BALANCING("loadBalancing", disciplineSetting()),
    HEALTH_CHECK_INTERVAL("healthCheckInterval", disciplineSetting()),
    ENDPOINT_TIMEOUT("endpointTimeout", disciplineSetting()),
    ROLE_QUERY("roleQuery", disciplineSetting()),
    SQLITE_READERS("sqlite.readers", disciplineSetting()),
    SQLITE_JOURNAL_MODE("sqlite.journalMode", disciplineSetting()),
    SQLITE_SYNCHRONOUS("sqlite.synchronous", disciplineSetting()),
    SQLITE_BUSY_TIMEOUT("sqlite.busyTimeout", disciplineSetting()),
    SQLITE_FOREIGN_KEYS("sqlite.foreignKeys", disciplineSetting()),
    SQLITE_WAL_AUTOCHECKPOINT("sqlite.walAutocheckpoint", disciplineSetting()),
    SQLITE_MMAP_SIZE("sqlite.mmapSize", disciplineSetting()),
    SQLITE_QUARANTINE_CORRUPT("sqlite.quarantineCorrupt", disciplineSetting()),
    SQLITE_BREAKER_FAILURES("sqlite.breakerFailures", disciplineSetting()),
    SQLITE_BREAKER_COOLDOWN("sqlite.breakerCooldown", disciplineSetting());

    private static final Map<String, Integer> ISOLATION_LEVELS = Map.of(
            "TRANSACTION_NONE", Connection.TRANSACTION_NONE,
            "TRANSACTION_READ_UNCOMMITTED", Connection.TRANSACTION_READ_UNCOMMITTED,
            "TRANSACTION_READ_COMMITTED", Connection.TRANSACTION_READ_COMMITTED,
            "TRANSACTION_REPEATABLE_READ", Connection.TRANSACTION_REPEATABLE_READ,
            "TRANSACTION_SERIALIZABLE", Connection.TRANSACTION_SERIALIZABLE);

    private final String key;
    private final Applier setter;

    ConfigProperty(String key, Applier setter) {
        this.key = key;
        this.setter = setter;
    }

    /** Sets one property on a builder from a text or object value. */
    @FunctionalInterface
    private interface Applier {
        void apply(String key, CisternConfig.Builder builder, Object value);
    }

    String key() {
        return key;
    }

    /** @return whether reading this key fails with the reason it is not supported */
    boolean isRefused() {
        return setter instanceof Refusal;
    }

    void apply(CisternConfig.Builder builder, Object value) {
        if (value == null) {
            throw NotAllowed.setting(key, null, "a value");
        }
        setter.apply(key, builder, value instanceof String ? ((String) value).trim() : value);
    }

    /**
     * @param key a property name as written by the user
     * @return the property
     * @throws IllegalArgumentException naming the key and the closest known one
     */
    static ConfigProperty named(String key) {
        for (ConfigProperty p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        ConfigProperty closest = values()[0];
        int best = Integer.MAX_VALUE;
        for (ConfigProperty p : values()) {
            int d = p.isRefused() ? Integer.MAX_VALUE : distance(key.toLowerCase(Locale.ROOT), p.key.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                closest = p;
            }
        }
        throw new IllegalArgumentException("Unknown property '" + key + "'; did you mean '" + closest.key + "'? Known: "
                + Arrays.stream(values()).filter(p -> !p.isRefused()).map(ConfigProperty::key).collect(Collectors.joining(", "))
                + ", and dataSource.* for driver properties");
    }

    /** Levenshtein distance: small typos and case slips find their property. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A HikariCP key Cistern does not support; applying it fails with why and what to use instead. */
    private static final class Refusal implements Applier {
        private final String why;
        private final String instead;

        Refusal(String why, String instead) {
            this.why = why;
            this.instead = instead;
        }

        @Override
        public void apply(String key, CisternConfig.Builder builder, Object value) {
            throw new IllegalArgumentException(key + " is not supported, because " + why + "; instead: " + instead);
        }
    }

    private static Applier refused(String why, String instead) {
        return new Refusal(why, instead);
    }

    /** Kept as text for the discipline, which checks it ({@link io.cistern.jdbc.discipline.DisciplineSettings}). */
    private static Applier disciplineSetting() {
        return (k, b, v) -> b.disciplineSetting(k, text(k, v));
    }

    private static Applier text(BiConsumer<CisternConfig.Builder, String> setter) {
        return (k, b, v) -> setter.accept(b, text(k, v));
    }

    private static void dataSourceProperties(CisternConfig.Builder b, Object v) {
        if (!(v instanceof Map)) {
            throw NotAllowed.setting("dataSourceProperties", v.getClass().getName(),
                    "a java.util.Properties or Map (in a properties file, use one dataSource.<name> line per property)");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            String name = String.valueOf(e.getKey());
            b.addDataSourceProperty(name, text("dataSource." + name, e.getValue()));
        }
    }

    /** Text as given, or the text of a number, boolean or enum; any other object is refused. */
    static String text(String key, Object value) {
        if (value instanceof String) {
            return ((String) value).trim();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character || value instanceof Enum) {
            return value.toString();
        }
        throw NotAllowed.setting(key, "an object of " + (value == null ? null : value.getClass().getName()),
                "text, a number or a boolean");
    }

    private static <T> T object(String key, Object value, Class<T> type, String allowed) {
        if (!type.isInstance(value)) {
            throw NotAllowed.setting(key, value instanceof String ? "'" + value + "'" : value.getClass().getName(), allowed);
        }
        return type.cast(value);
    }

    private static int integer(String key, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        String text = text(key, value);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw NotAllowed.setting(key, "'" + text + "'", "a whole number");
        }
    }

    private static long millis(String key, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.time.Duration) {
            return ((java.time.Duration) value).toMillis();
        }
        String text = text(key, value);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw NotAllowed.setting(key, "'" + text + "'", "a whole number of milliseconds");
        }
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = text(key, value);
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw NotAllowed.setting(key, "'" + text + "'", "true or false");
    }

    private static int isolation(Object raw) {
        if (raw instanceof Integer && ISOLATION_LEVELS.containsValue(raw)) {
            return (Integer) raw;
        }
        String value = text("transactionIsolation", raw);
        String name = value.toUpperCase(Locale.ROOT);
        Integer level = ISOLATION_LEVELS.get(name.startsWith("TRANSACTION_") ? name : "TRANSACTION_" + name);
        if (level != null) {
            return level;
        }
        try {
            int numeric = Integer.parseInt(value);
            if (ISOLATION_LEVELS.containsValue(numeric)) {
                return numeric;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw NotAllowed.setting("transactionIsolation", "'" + value + "'",
                "one of " + String.join(", ", new java.util.TreeSet<>(ISOLATION_LEVELS.keySet())) + " or its numeric value");
    }
}
