package io.cistern.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, from the embedded binaries, on a loopback port; one per
 * test JVM, started on first use and stopped when the JVM exits. Durability is off (the tests
 * kill clients, never this server), so that tests run fast.
 */
public final class LoopbackPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private LoopbackPostgres() {
    }

    /** The holder idiom keeps the start lazy and thread-safe without locks. */
    private static final class Shared {
        static final EmbeddedPostgres SERVER = start();

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

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test PostgreSQL server failed", e);
        }
    }

    /** @return the server's loopback port (user {@code postgres}, no password) */
    public static int port() {
        return Shared.SERVER.getPort();
    }

    /** @return the URL of the {@code postgres} database */
    public static String url() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    /**
     * @param prefix a name for the test, letters and underscores
     * @return the URL of a new, empty database
     */
    public static String freshDatabaseUrl(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name);
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    /** Runs one statement as the superuser on the {@code postgres} database. */
    public static void execute(String sql) {
        try (Connection admin = Shared.SERVER.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    /** @return the server sessions whose application name is {@code applicationName} */
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
