package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.routing.ClusterConfig;
import io.cistern.routing.ClusterDataSource;
import io.cistern.testkit.LoopbackPostgres;
import io.cistern.testkit.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A password given in a JDBC URL appears nowhere: not in anything printed (stdout, stderr, the
 * logs at debug level, which go to stderr here) and not in anything thrown or shown (messages,
 * causes, stack traces, toString, descriptions, health), across the modules that take a URL:
 * cistern-jdbc, cistern-routing, cistern-memory and the CLI demo.
 */
class SecretLeakTest {
    private final String secret = "Hunter2x" + UUID.randomUUID().toString().replace("-", "");
    private final List<String> shown = new ArrayList<>();

    @Test
    void aPasswordInTheUrlIsNeitherPrintedNorThrown() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            exercise();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String all = printed.toString(StandardCharsets.UTF_8);
        assertThat(all).as("something was printed at all (the demo and the logs)").contains("cistern demo:");
        assertThat(all).as("printed output").doesNotContain(secret);
        assertThat(shown).as("what was shown and thrown").isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContain(secret));
    }

    private void exercise() throws Exception {
        String good = LoopbackPostgres.freshDatabaseUrl("secrets") + "?user=postgres&password=" + secret;
        String unreachable = "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/nowhere?user=postgres&password=" + secret
                + "&connectTimeout=1";

        // cistern-memory on a single host: config, description, a closed store, an unreachable server
        MemoryStoreConfig config = MemoryStoreConfig.jdbc(good).build();
        shown.add(config.toString());
        MemoryStore store = MemoryStore.open(config);
        shown.add(store.description());
        shown.add(String.valueOf(store.poolStats()));
        store.close();
        attempt(() -> store.get("n1"));
        attempt(() -> MemoryStore.open(MemoryStoreConfig.jdbc(unreachable).acquireTimeout(Duration.ofSeconds(1)).build()));
        attempt(() -> MemoryStoreConfig.jdbc("jdbc:mysql://127.0.0.1/db?password=" + secret));

        // cistern-memory on a cluster URL (one host up, one down)
        String cluster = "jdbc:postgresql://127.0.0.1:" + LoopbackPostgres.port() + ",127.0.0.1:" + Ports.free()
                + "/postgres?user=postgres&password=" + secret;
        MemoryStoreConfig clusterConfig = MemoryStoreConfig.jdbc(cluster).build();
        shown.add(clusterConfig.toString());
        attempt(() -> {
            try (MemoryStore s = MemoryStore.open(clusterConfig)) {
                shown.add(s.description());
                shown.add(String.valueOf(s.clusterHealth()));
            }
        });

        // cistern-jdbc: config, data source, failures to connect
        CisternConfig poolConfig = CisternConfig.builder().jdbcUrl(good).poolName("secret-pool").build();
        shown.add(poolConfig.toString());
        try (CisternDataSource ds = new CisternDataSource(poolConfig)) {
            shown.add(ds.toString());
            try (Connection c = ds.getConnection()) {
                shown.add(c.toString());
                shown.add(c.getMetaData().toString());
            }
        }
        attempt(() -> new CisternDataSource(CisternConfig.builder().jdbcUrl(unreachable).poolName("secret-down")
                .connectionTimeout(500).build()).close());
        attempt(() -> CisternConfig.builder().jdbcUrl("postgresql://x?password=" + secret).build());

        // cistern-routing: config, data source, health, a dead endpoint
        ClusterConfig routing = ClusterConfig.builder().name("secret-cluster").jdbcUrl(cluster).build();
        shown.add(routing.toString());
        try (ClusterDataSource ds = new ClusterDataSource(routing)) {
            shown.add(ds.toString());
            shown.add(String.valueOf(ds.health()));
            attempt(() -> {
                try (Connection c = ds.getConnection()) {
                    c.createStatement().execute("select 1");
                }
            });
        }

        // the CLI: ./cistern demo --jdbc-url '...password=...'
        StringWriter cliErr = new StringWriter();
        int status = new CommandLine(new CisternCommand()).setErr(new PrintWriter(cliErr))
                .execute("demo", "--jdbc-url", good, "--agents", "2", "--duration", "1s");
        shown.add(cliErr.toString());
        assertThat(status).as(cliErr.toString()).isZero();
        StringWriter badErr = new StringWriter();
        new CommandLine(new CisternCommand()).setErr(new PrintWriter(badErr)).execute("demo", "--jdbc-url", unreachable,
                "--duration", "1s");
        shown.add(badErr.toString());
    }

    /** Runs something that may fail, keeping whatever it threw, with its causes and stack. */
    private void attempt(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            shown.add(trace.toString());
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
