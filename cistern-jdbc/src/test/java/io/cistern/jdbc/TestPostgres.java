package io.cistern.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for the tests, started from the embedded binaries on a loopback port
 * and stopped when the test JVM exits. One shared server serves most tests; a test that must
 * stop and restart its server starts its own with {@link #dedicated(Path, int)}.
 */
final class TestPostgres {

    private TestPostgres() {
    }

    /** Lazily started on first use; the holder idiom keeps the start thread-safe without locks. */
    private static final class Shared {
        static final EmbeddedPostgres SERVER = start(null, 0);

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

    static EmbeddedPostgres shared() {
        return Shared.SERVER;
    }

    static String url(EmbeddedPostgres server) {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    /** A server of its own, on a fixed port and data directory, so it can be stopped and started again. */
    static EmbeddedPostgres dedicated(Path dataDirectory, int port) {
        return start(dataDirectory, port);
    }

    private static EmbeddedPostgres start(Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test PostgreSQL server failed", e);
        }
    }

    /** Counts the server sessions a pool opened, identified by its application name. */
    static int sessions(EmbeddedPostgres server, String applicationName) throws SQLException {
        try (Connection admin = server.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where application_name = '"
                     + applicationName + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** {@link #sessions} on the shared server, for polling in a lambda. */
    static int sessionsOnShared(String applicationName) {
        try {
            return sessions(shared(), applicationName);
        } catch (SQLException e) {
            throw new IllegalStateException("counting sessions failed", e);
        }
    }

    /** Kills a backend the way an operator or a failover would. */
    static void terminate(EmbeddedPostgres server, int pid) throws SQLException {
        try (Connection admin = server.getPostgresDatabase().getConnection();
             Statement s = admin.createStatement()) {
            s.execute("select pg_terminate_backend(" + pid + ")");
        }
    }

    static CisternConfig.Builder config(EmbeddedPostgres server, String poolName) {
        return CisternConfig.builder()
                .jdbcUrl(url(server))
                .username("postgres")
                .poolName(poolName)
                .addDataSourceProperty("ApplicationName", poolName);
    }
}
