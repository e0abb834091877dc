package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.util.Credentials;
import io.cistern.testkit.LoopbackPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** HikariCP 7's configuration, key by key, as HikariCP's own HikariConfig lists it. */
class HikariCompatibilityTest {

    /** HikariCP's property names: one per public setter of its HikariConfig (its documented list). */
    private static Set<String> hikariKeys() {
        Set<String> keys = new TreeSet<>();
        for (Method m : HikariConfig.class.getMethods()) {
            if (m.getName().startsWith("set") && m.getParameterCount() == 1 && Modifier.isPublic(m.getModifiers())
                    && m.getDeclaringClass() == HikariConfig.class) {
                String name = m.getName().substring(3);
                keys.add(name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1));
            }
        }
        return keys;
    }

    @Test
    void everyHikariKeyIsHonouredOrRefusedWithWhyAndWhatInstead() {
        Set<String> keys = hikariKeys();
        assertThat(keys).as("HikariConfig's setters, read by reflection").hasSizeGreaterThan(35)
                .contains("jdbcUrl", "metricsTrackerFactory", "exceptionOverrideClassName", "credentialsProviderClassName");
        for (String key : keys) {
            ConfigProperty p = ConfigProperty.named(key); // an unknown key would throw here, naming it
            if (p.isRefused()) {
                assertThatThrownBy(() -> CisternConfig.builder().set(key, new Object()))
                        .as(key).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(key + " is not supported, because ")
                        .hasMessageContaining("; instead: ");
            }
        }
        Set<String> refused = keys.stream().filter(k -> ConfigProperty.named(k).isRefused()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(refused).containsExactly("healthCheckProperties", "healthCheckRegistry", "metricsTrackerFactory", "scheduledExecutor");
    }

    @Test
    void everyHikariSetterHasATwinOnCisternDataSource() {
        Set<String> cistern = Arrays.stream(CisternDataSource.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        for (Method m : HikariConfig.class.getMethods()) {
            if ((m.getName().startsWith("set") || m.getName().startsWith("add")) && m.getDeclaringClass() == HikariConfig.class) {
                assertThat(cistern).as("CisternDataSource." + m.getName()).contains(m.getName());
            }
        }
        assertThatThrownBy(() -> new CisternDataSource().addHealthCheckProperty("x", "y"))
                .hasMessageStartingWith("healthCheckProperties is not supported");
    }

    @Test
    void refusalsSayWhatToUseInstead() {
        CisternDataSource ds = new CisternDataSource();
        assertThatThrownBy(() -> ds.setMetricsTrackerFactory(new Object()))
                .hasMessageContaining("metricsTrackerFactory is not supported")
                .hasMessageContaining("set metricRegistry to a Micrometer MeterRegistry");
        assertThatThrownBy(() -> ds.setScheduledExecutor(Executors.newSingleThreadScheduledExecutor()))
                .hasMessageContaining("set threadFactory");
        assertThatThrownBy(() -> ds.setProperty("exceptionOverrideClassName", "com.example.Missing"))
                .hasMessageContaining("exceptionOverrideClassName = com.example.Missing is not allowed: no such class");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://h/db");
        p.setProperty("healthCheckRegistry", "com.codahale.metrics.health.HealthCheckRegistry");
        assertThatThrownBy(() -> CisternConfig.fromProperties(p)).hasMessageStartingWith("healthCheckRegistry is not supported")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void keepaliveBelowThirtySecondsIsSwitchedOffAsInHikari() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://h/db");
        p.setProperty("keepaliveTime", "10000");
        assertThat(CisternConfig.fromProperties(p).keepaliveTime()).isZero();
        p.setProperty("keepaliveTime", "30000");
        assertThat(CisternConfig.fromProperties(p).keepaliveTime()).isEqualTo(30_000);
    }

    /** A HikariCP user's override: this proxy's vendor code 9001 means a lost backend; 08006 here is harmless. */
    public static final class VendorOverride implements SQLExceptionOverride {
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            return e.getErrorCode() == 9001 ? SQLExceptionOverride.Override.MUST_EVICT
                    : "08006".equals(e.getSQLState()) ? SQLExceptionOverride.Override.DO_NOT_EVICT
                    : SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }

    @Test
    void exceptionOverrideClassNameMapsOntoTheClassifier() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://h/db");
        p.setProperty("exceptionOverrideClassName", VendorOverride.class.getName());
        SqlExceptionClassifier c = CisternConfig.fromProperties(p).exceptionClassifier();
        assertThat(c.classify(new SQLException("lost", "HY000", 9001))).isEqualTo(SqlExceptionClassifier.Verdict.FATAL);
        assertThat(c.classify(new SQLException("fine", "08006"))).isEqualTo(SqlExceptionClassifier.Verdict.NOT_FATAL);
        assertThat(c.classify(new SQLException("other", "42P01"))).isEqualTo(SqlExceptionClassifier.Verdict.DEFAULT);
        FatalErrorDetector detector = new FatalErrorDetector("p", c);
        assertThat(detector.isFatal(new SQLException("fine", "08006"))).as("the override wins over the built-in rules").isFalse();
        assertThat(detector.isFatal(new SQLException("lost", "HY000", 9001))).isTrue();
    }

    @Test
    void objectValuesInPropertiesAreRead(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            threads.incrementAndGet();
            Thread t = new Thread(r, "users-" + threads.get());
            t.setDaemon(true);
            return t;
        };
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:sqlite:" + dir.resolve("objects.db"));
        p.put("metricRegistry", registry);
        p.put("threadFactory", factory);
        p.put("maximumPoolSize", 2);
        p.put("autoCommit", Boolean.TRUE);
        p.put("poolName", "objects");
        p.setProperty("discipline", "plain");
        try (CisternDataSource ds = new CisternDataSource(p); Connection c = ds.getConnection()) {
            assertThat(ds.config().maximumPoolSize()).isEqualTo(2);
            assertThat(registry.find("cistern.connections.acquire").tag("pool", "objects").timer()).isNotNull();
            assertThat(threads.get()).as("the pool's threads come from the user's factory").isPositive();
        }
    }

    /** The naming service of an application server, reduced to the one binding the test needs. */
    public static final class OneBindingContextFactory implements javax.naming.spi.InitialContextFactory {
        static volatile Object bound;

        @Override
        public javax.naming.Context getInitialContext(java.util.Hashtable<?, ?> environment) {
            return (javax.naming.Context) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.naming.Context.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "lookup":
                                if ("java:comp/env/jdbc/memory".equals(String.valueOf(args[0]))) {
                                    return bound;
                                }
                                throw new javax.naming.NameNotFoundException(String.valueOf(args[0]));
                            case "close":
                                return null;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    @Test
    void dataSourceJndiIsLookedUp() throws Exception {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(LoopbackPostgres.url(LoopbackPostgres.server()));
        pg.setUser("postgres");
        OneBindingContextFactory.bound = pg;
        String previous = System.setProperty(javax.naming.Context.INITIAL_CONTEXT_FACTORY, OneBindingContextFactory.class.getName());
        try {
            Properties p = new Properties();
            p.setProperty("dataSourceJNDI", "java:comp/env/jdbc/memory");
            p.setProperty("maximumPoolSize", "1");
            try (CisternDataSource ds = new CisternDataSource(p); Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
                assertThat(ds.unwrap(PGSimpleDataSource.class)).isSameAs(pg);
            }
            p.setProperty("dataSourceJNDI", "java:comp/env/jdbc/other");
            assertThatThrownBy(() -> new CisternDataSource(p))
                    .hasMessageStartingWith("dataSourceJNDI = java:comp/env/jdbc/other cannot be looked up");
        } finally {
            if (previous == null) {
                System.clearProperty(javax.naming.Context.INITIAL_CONTEXT_FACTORY);
            } else {
                System.setProperty(javax.naming.Context.INITIAL_CONTEXT_FACTORY, previous);
            }
        }
    }

    @Test
    void defaultsBehindPropertiesAreReadToo() {
        Properties defaults = new Properties();
        defaults.setProperty("jdbcUrl", "jdbc:postgresql://h/db");
        defaults.setProperty("maximumPoolSize", "7");
        Properties p = new Properties(defaults);
        p.put("minimumIdle", 2);
        CisternConfig c = CisternConfig.fromProperties(p);
        assertThat(c.maximumPoolSize()).isEqualTo(7);
        assertThat(c.minimumIdle()).isEqualTo(2);
    }

    @Test
    void aDataSourceObjectAndACredentialsProviderAreHonoured() throws Exception {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(LoopbackPostgres.url(LoopbackPostgres.server()));
        Properties p = new Properties();
        p.put("dataSource", pg);
        p.put("credentialsProvider", (HikariCredentialsProvider) () -> new Credentials("postgres", ""));
        p.put("maximumPoolSize", 1);
        try (CisternDataSource ds = new CisternDataSource(p); Connection c = ds.getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("postgres");
            assertThat(ds.unwrap(PGSimpleDataSource.class)).isSameAs(pg);
        }
    }

    @Test
    void aJavaBeanStartsOnFirstUseAndThenFreezes(@TempDir Path dir) throws Exception {
        CisternDataSource ds = new CisternDataSource();
        ds.setJdbcUrl("jdbc:sqlite:" + dir.resolve("bean.db"));
        ds.setDiscipline("plain");
        ds.setMaximumPoolSize(2);
        ds.setPoolName("bean");
        assertThatThrownBy(() -> ds.setProperty("maxPoolSize", 3))
                .hasMessageStartingWith("Unknown property 'maxPoolSize'; did you mean 'maximumPoolSize'?");
        assertThatThrownBy(() -> ds.setProperty("connectionTimeout", "soon"))
                .hasMessage("connectionTimeout = 'soon' is not allowed; allowed: a whole number of milliseconds");
        assertThat(ds.isRunning()).isFalse();
        assertThat(ds.getMaximumPoolSize()).isEqualTo(2);
        try (ds; Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table t (x)");
            assertThat(ds.isRunning()).isTrue();
            assertThat(ds.poolStats().maxSize()).isEqualTo(2);
            assertThatThrownBy(() -> ds.setMaximumPoolSize(3))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Pool 'bean' has started; its settings cannot change any more (maximumPoolSize). "
                            + "Set them before the first getConnection()");
        }
        assertThat(ds.isClosed()).isTrue();
    }
}
