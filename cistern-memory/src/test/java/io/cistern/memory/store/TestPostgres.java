package io.cistern.memory.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests, started from the embedded binaries on a loopback port
 * and stopped when the test JVM exits (copied from cistern-jdbc's harness: tests do not share
 * test classes across modules). Each store under test gets a fresh database on it.
 */
final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {
    }

    /** Lazily started on first use; the holder idiom keeps the start thread-safe without locks. */
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
                    // Test data is thrown away: durability would only slow the 100,000-node test down.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test PostgreSQL server failed", e);
        }
    }

    /** @return the URL of a new, empty database on the shared server */
    static String freshDatabaseUrl() {
        String name = "memory_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = Shared.SERVER.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating test database " + name + " failed", e);
        }
        return "jdbc:postgresql://127.0.0.1:" + Shared.SERVER.getPort() + "/" + name;
    }
}
