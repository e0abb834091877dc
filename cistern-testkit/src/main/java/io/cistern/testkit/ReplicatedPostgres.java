package io.cistern.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL primary and a streaming replica on loopback, for tests of routing, failover and
 * replica loss (a single server is {@link LoopbackPostgres}). {@link #shared()} is started once per
 * test JVM for the tests that leave both running when they finish; a test that destroys the
 * pair (a failover) makes its own with {@link #create(String)} and closes it. Everything is
 * stopped by a shutdown hook too, so a crashed test run leaves no server behind.
 */
public final class ReplicatedPostgres implements AutoCloseable {
    /** The temporary directory holding both data directories; deleted by {@link #close()}. */
    public final Path root;
    /** The primary, which accepts writes until a test promotes the replica. */
    public final PostgresServer primary;
    /** The streaming replica of {@link #primary}, in hot standby (reads only). */
    public final PostgresServer replica;

    private ReplicatedPostgres(String name) {
        this.root = PostgresServer.newRoot();
        PostgresServer p = null;
        PostgresServer r = null;
        try {
            p = PostgresServer.primary(root, name + "-primary");
            r = p.replica(root, name + "-replica");
        } catch (RuntimeException e) {
            if (p != null) {
                p.stop();
            }
            PostgresServer.deleteTree(root);
            throw e;
        }
        this.primary = p;
        this.replica = r;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Holder idiom: started on first use, thread-safe without locks. */
    private static final class Shared {
        static final ReplicatedPostgres PAIR = new ReplicatedPostgres("shared");
    }

    /** @return the pair shared by the tests of this JVM, which must leave both servers running */
    public static ReplicatedPostgres shared() {
        // Checked here too, so every test fails with the clear message, not only the first one.
        PostgresServer.requireBinaries();
        return Shared.PAIR;
    }

    /**
     * @param name a prefix for the servers' names and directories
     * @return a pair of the caller's own, to stop, promote or break; the caller closes it
     */
    public static ReplicatedPostgres create(String name) {
        return new ReplicatedPostgres(name);
    }

    /** Runs one statement on a server directly, outside any pool. */
    public static void sql(PostgresServer server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Waits until the replica has replayed everything the primary wrote so far. */
    public void awaitReplicaCaughtUp(Duration within) throws SQLException, InterruptedException {
        String lsn;
        try (Connection c = DriverManager.getConnection(primary.url(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_current_wal_insert_lsn()")) {
            rs.next();
            lsn = rs.getString(1);
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(replica.url(), "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The replica did not replay up to " + lsn + " within " + within);
    }

    /** Stops both servers and deletes their data; a failure to stop one is logged, not thrown. */
    @Override
    public void close() {
        try {
            replica.stop();
        } catch (RuntimeException e) {
            System.err.println("stopping " + replica + " failed: " + e);
        }
        try {
            primary.stop();
        } catch (RuntimeException e) {
            System.err.println("stopping " + primary + " failed: " + e);
        }
        PostgresServer.deleteTree(root);
    }
}
