package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.pool.PoolConfig;
import io.cistern.testkit.LoopbackPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void aHikariPropertiesFileWorksUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hikari.properties");
        Files.writeString(file, String.join("\n",
                "# a HikariCP configuration, as it was",
                "jdbcUrl=" + LoopbackPostgres.url(LoopbackPostgres.server()),
                "username=postgres",
                "password=",
                "driverClassName=org.postgresql.Driver",
                "maximumPoolSize=4",
                "minimumIdle=2",
                "connectionTimeout=5000",
                "idleTimeout=60000",
                "maxLifetime=1800000",
                "keepaliveTime=30000",
                "validationTimeout=3000",
                "leakDetectionThreshold=10000",
                "initializationFailTimeout=1",
                "connectionInitSql=SET application_name = 'from-hikari-file'",
                "autoCommit=true",
                "readOnly=false",
                "transactionIsolation=TRANSACTION_REPEATABLE_READ",
                "poolName=hikari-file",
                "registerMbeans=false",
                "allowPoolSuspension=true",
                "dataSource.cachePrepStmts=true",
                "dataSource.prepareThreshold=3"), StandardCharsets.UTF_8);
        CisternConfig config = CisternConfig.fromPropertiesFile(file);
        assertThat(config.maximumPoolSize()).isEqualTo(4);
        assertThat(config.minimumIdle()).isEqualTo(2);
        assertThat(config.transactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        assertThat(config.dataSourceProperties()).containsEntry("prepareThreshold", "3");
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        try (CisternDataSource ds = new CisternDataSource(props); Connection c = ds.getConnection()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(LoopbackPostgres.sessions("from-hikari-file")).isPositive();
            assertThat(ds.getPoolName()).isEqualTo("hikari-file");
        }
    }

    @Test
    void cisternPoolSettingsAreReadFromPropertiesAndChecked() {
        Properties props = new Properties();
        props.setProperty("jdbcUrl", "jdbc:postgresql://h/db");
        props.setProperty("overtakeLimit", "0");
        props.setProperty("trackActiveCount", "true");
        PoolConfig pool = CisternConfig.fromProperties(props).toPoolConfig();
        assertThat(pool.overtakeLimit()).isZero();
        assertThat(pool.trackActiveCount()).isTrue();
        props.setProperty("overtakeLimit", "-1");
        assertThatThrownBy(() -> CisternConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overtakeLimit")
                .hasMessageContaining("-1");
    }

    @Test
    void hikariDefaultsApply() {
        CisternConfig c = CisternConfig.builder().jdbcUrl("jdbc:postgresql://h/db").build();
        assertThat(c.maximumPoolSize()).isEqualTo(10);
        assertThat(c.minimumIdle()).as("defaults to maximumPoolSize, a fixed-size pool").isEqualTo(10);
        assertThat(c.connectionTimeout()).isEqualTo(30_000);
        assertThat(c.idleTimeout()).isEqualTo(600_000);
        assertThat(c.maxLifetime()).isEqualTo(1_800_000);
        assertThat(c.keepaliveTime()).isEqualTo(120_000);
        assertThat(c.validationTimeout()).isEqualTo(5_000);
        assertThat(c.autoCommit()).isTrue();
        PoolConfig pool = c.toPoolConfig();
        assertThat(pool.validationBypass()).isEqualTo(Duration.ofMillis(500));
        assertThat(pool.overtakeLimit()).isEqualTo(Duration.ofMillis(10));
        assertThat(pool.initializationFailTimeout()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://h/db");
        p.setProperty("maxPoolSize", "5");
        assertThatThrownBy(() -> CisternConfig.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown property 'maxPoolSize'; did you mean 'maximumPoolSize'?");
        Properties q = new Properties();
        q.setProperty("jdbcurl", "jdbc:postgresql://h/db");
        assertThatThrownBy(() -> CisternConfig.fromProperties(q)).hasMessageContaining("did you mean 'jdbcUrl'?");
    }

    @Test
    void badValuesNameTheSettingTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> fromPairs("jdbcUrl", "jdbc:postgresql://h/db", "maximumPoolSize", "ten"))
                .hasMessage("maximumPoolSize = 'ten' is not allowed; allowed: a whole number");
        assertThatThrownBy(() -> fromPairs("jdbcUrl", "jdbc:postgresql://h/db", "autoCommit", "yes"))
                .hasMessage("autoCommit = 'yes' is not allowed; allowed: true or false");
        assertThatThrownBy(() -> fromPairs("jdbcUrl", "jdbc:postgresql://h/db", "transactionIsolation", "SNAPSHOT"))
                .hasMessageContaining("transactionIsolation = 'SNAPSHOT' is not allowed; allowed: one of TRANSACTION_NONE");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:postgresql://h/db").maximumPoolSize(0).build())
                .hasMessage("maximumPoolSize = 0 is not allowed; allowed: 1 to 100000");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:postgresql://h/db").maximumPoolSize(5).minimumIdle(6).build())
                .hasMessage("minimumIdle = 6 is not allowed; allowed: 0 to maximumPoolSize (5)");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:postgresql://h/db").maximumPoolSize(5).minimumIdle(-1).build())
                .hasMessage("minimumIdle = -1 is not allowed; allowed: 0 to maximumPoolSize (5)");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:postgresql://h/db").connectionTimeout(100).build())
                .hasMessage("connectionTimeout = 100 is not allowed; allowed: 0 (wait forever) or at least 250 ms");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("postgresql://h/db").build())
                .hasMessageContaining("jdbcUrl = postgresql://h/db is not allowed; allowed: a URL starting with jdbc:");
        assertThatThrownBy(() -> CisternConfig.builder().build()).hasMessageContaining("set jdbcUrl or dataSourceClassName");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:x:y").metricRegistry("not a registry").build())
                .hasMessageContaining("metricRegistry = java.lang.String is not allowed");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:x:y").poolName("a,b").build())
                .hasMessageContaining("poolName = \"a,b\" is not allowed");
        assertThatThrownBy(() -> new CisternDataSource(CisternConfig.builder().jdbcUrl("jdbc:nosuchdb:x").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No JDBC driver on the class path accepts jdbcUrl = jdbc:nosuchdb:x");
    }

    @Test
    void hikariStyleAdjustmentsInsteadOfFailures() {
        CisternConfig c = CisternConfig.builder().jdbcUrl("jdbc:postgresql://h/db")
                .maxLifetime(60_000).idleTimeout(120_000).keepaliveTime(60_000).validationTimeout(10_000).connectionTimeout(2_000)
                .build();
        assertThat(c.idleTimeout()).as("not below maxLifetime: off").isZero();
        assertThat(c.keepaliveTime()).as("not below maxLifetime: off").isZero();
        assertThat(c.validationTimeout()).as("lowered to connectionTimeout").isEqualTo(2_000);
    }

    @Test
    void secretsNeverAppearInToStringLogsOrErrors() throws Exception {
        String secret = "s3cr3t-Pa55";
        CisternConfig config = CisternConfig.builder()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + LoopbackPostgres.server().getPort()
                        + "/no_such_database?password=" + secret + "&ssl=false")
                .username("nobody").password(secret)
                .addDataSourceProperty("sslpassword", secret)
                .poolName("secretive").initializationFailTimeout(1).build();
        assertThat(config.toString()).doesNotContain(secret).contains("<masked>");

        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Throwable failure;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            failure = org.assertj.core.api.Assertions.catchThrowable(() -> new CisternDataSource(config));
        } finally {
            System.setErr(originalErr);
        }
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("could not open a first connection");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
                assertThat(String.valueOf(((SQLException) t).getNextException().getMessage())).doesNotContain(secret);
            }
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(Secrets.maskUrl("jdbc:postgresql://u:" + secret + "@h/db")).doesNotContain(secret);
    }

    private static CisternConfig fromPairs(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return CisternConfig.fromProperties(p);
    }
}
