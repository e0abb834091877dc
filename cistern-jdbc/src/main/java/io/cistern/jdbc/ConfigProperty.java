package io.cistern.jdbc;

import java.sql.Connection;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** HikariCP's property names, each parsed into the matching {@link CisternConfig.Builder} setter. */
enum ConfigProperty {
    JDBC_URL("jdbcUrl", CisternConfig.Builder::jdbcUrl),
    USERNAME("username", CisternConfig.Builder::username),
    PASSWORD("password", CisternConfig.Builder::password),
    DRIVER_CLASS_NAME("driverClassName", CisternConfig.Builder::driverClassName),
    DATA_SOURCE_CLASS_NAME("dataSourceClassName", CisternConfig.Builder::dataSourceClassName),
    MAXIMUM_POOL_SIZE("maximumPoolSize", (b, v) -> b.maximumPoolSize(integer("maximumPoolSize", v))),
    MINIMUM_IDLE("minimumIdle", (b, v) -> b.minimumIdle(integer("minimumIdle", v))),
    CONNECTION_TIMEOUT("connectionTimeout", (b, v) -> b.connectionTimeout(millis("connectionTimeout", v))),
    IDLE_TIMEOUT("idleTimeout", (b, v) -> b.idleTimeout(millis("idleTimeout", v))),
    MAX_LIFETIME("maxLifetime", (b, v) -> b.maxLifetime(millis("maxLifetime", v))),
    KEEPALIVE_TIME("keepaliveTime", (b, v) -> b.keepaliveTime(millis("keepaliveTime", v))),
    VALIDATION_TIMEOUT("validationTimeout", (b, v) -> b.validationTimeout(millis("validationTimeout", v))),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", (b, v) -> b.leakDetectionThreshold(millis("leakDetectionThreshold", v))),
    OVERTAKE_LIMIT("overtakeLimit", (b, v) -> b.overtakeLimit(millis("overtakeLimit", v))),
    TRACK_ACTIVE_COUNT("trackActiveCount", (b, v) -> b.trackActiveCount(bool("trackActiveCount", v))),
    INITIALIZATION_FAIL_TIMEOUT("initializationFailTimeout",
            (b, v) -> b.initializationFailTimeout(millis("initializationFailTimeout", v))),
    CONNECTION_TEST_QUERY("connectionTestQuery", CisternConfig.Builder::connectionTestQuery),
    CONNECTION_INIT_SQL("connectionInitSql", CisternConfig.Builder::connectionInitSql),
    SESSION_RESET_SQL("sessionResetSql", CisternConfig.Builder::sessionResetSql),
    AUTO_COMMIT("autoCommit", (b, v) -> b.autoCommit(bool("autoCommit", v))),
    READ_ONLY("readOnly", (b, v) -> b.readOnly(bool("readOnly", v))),
    TRANSACTION_ISOLATION("transactionIsolation", (b, v) -> b.transactionIsolation(isolation(v))),
    CATALOG("catalog", CisternConfig.Builder::catalog),
    SCHEMA("schema", CisternConfig.Builder::schema),
    POOL_NAME("poolName", CisternConfig.Builder::poolName),
    REGISTER_MBEANS("registerMbeans", (b, v) -> b.registerMbeans(bool("registerMbeans", v))),
    /** HikariCP's switch for suspend/resume; Cistern pools always allow it. */
    ALLOW_POOL_SUSPENSION("allowPoolSuspension", (b, v) -> bool("allowPoolSuspension", v)),
    /** HikariCP's switch for its own queries inside transactions; Cistern runs none. */
    ISOLATE_INTERNAL_QUERIES("isolateInternalQueries", (b, v) -> bool("isolateInternalQueries", v));

    private static final Map<String, Integer> ISOLATION_LEVELS = Map.of(
            "TRANSACTION_NONE", Connection.TRANSACTION_NONE,
            "TRANSACTION_READ_UNCOMMITTED", Connection.TRANSACTION_READ_UNCOMMITTED,
            "TRANSACTION_READ_COMMITTED", Connection.TRANSACTION_READ_COMMITTED,
            "TRANSACTION_REPEATABLE_READ", Connection.TRANSACTION_REPEATABLE_READ,
            "TRANSACTION_SERIALIZABLE", Connection.TRANSACTION_SERIALIZABLE);

    private final String key;
    private final BiConsumer<CisternConfig.Builder, String> setter;

    ConfigProperty(String key, BiConsumer<CisternConfig.Builder, String> setter) {
        this.key = key;
        this.setter = setter;
    }

    String key() {
        return key;
    }

    void apply(CisternConfig.Builder builder, String value) {
        setter.accept(builder, value);
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
            int d = distance(key.toLowerCase(Locale.ROOT), p.key.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                closest = p;
            }
        }
        throw new IllegalArgumentException("Unknown property '" + key + "'; did you mean '" + closest.key + "'? Known: "
                + Arrays.stream(values()).map(ConfigProperty::key).collect(Collectors.joining(", "))
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

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CisternConfig.Builder.invalid(key, "'" + value + "'", "a whole number");
        }
    }

    private static long millis(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw CisternConfig.Builder.invalid(key, "'" + value + "'", "a whole number of milliseconds");
        }
    }

    private static boolean bool(String key, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw CisternConfig.Builder.invalid(key, "'" + value + "'", "true or false");
    }

    private static int isolation(String value) {
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
        throw CisternConfig.Builder.invalid("transactionIsolation", "'" + value + "'",
                "one of " + String.join(", ", new java.util.TreeSet<>(ISOLATION_LEVELS.keySet())) + " or its numeric value");
    }
}
