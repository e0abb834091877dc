package io.cistern.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test kit's PostgreSQL: a real server from the embedded binaries on a loopback port, one
 * per test JVM, started on first use and stopped when the JVM exits, with a fresh database per
 * test where tests must not see each other's tables. Durability is off on it (the tests kill
 * clients and backends, never this server), so that tests run fast. A test that must stop and
 * restart a server starts one of its own with {@link #dedicated(Path, int)}; a test that needs
 * a primary and a streaming replica uses {@link ReplicatedPostgres}.
 */
public final class LoopbackPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private LoopbackPostgres() {
    }

    /** The holder idiom keeps the start lazy and thread-safe without locks. */
    private static final class Shared {
        static final EmbeddedPostgres SERVER = start(builder()
                // Test data is thrown away: durability would only slow the large tests down.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off"));

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    SERVER.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
    }

    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1");
    }

    private static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test PostgreSQL server failed", e);
        }
    }

    /** @return the shared server */
    public static EmbeddedPostgres server() {
        return Shared.SERVER;
    }

    /**
     * A server of the caller's own, on a fixed port and data directory, so that it can be closed
     * and started again on the same data (durability as PostgreSQL's defaults). The caller closes it.
     */
    public static EmbeddedPostgres dedicated(Path dataDirectory, int port) {
        return start(builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port));
    }

    /** @return the shared server's loopback port (user {@code postgres}, no password) */
    public static int port() {
        return Shared.SERVER.getPort();
    }

    /** @return the URL of the shared server's {@code postgres} database */
    public static String url() {
        return url(Shared.SERVER);
    }

    /** @return the URL of {@code server}'s {@code postgres} database, on 127.0.0.1 */
    public static String url(EmbeddedPostgres server) {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    /**
     * @param prefix a name for the test, letters and underscores
     * @return the URL of a new, empty database on the shared server
     */
    public static String freshDatabaseUrl(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name);
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    /** Runs one statement as the superuser on the shared server's {@code postgres} database. */
    public static void execute(String sql) {
        try (Connection admin = Shared.SERVER.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** Kills a backend of the shared server the way an operator or a failover would. */
    public static void terminate(int pid) {
        execute("select pg_terminate_backend(" + pid + ")");
    }

    /** @return the shared server's sessions whose application name is {@code applicationName} */
    public static int sessions(String applicationName) {
        try (Connection admin = Shared.SERVER.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where application_name = '"
                     + applicationName.replace("'", "''") + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting sessions failed", e);
        }
    }
}
