package io.cistern.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL server process on a loopback port, run from Debian's PostgreSQL 15 binaries
 * (the embedded binaries behind {@link LoopbackPostgres} have no {@code pg_basebackup}), that a
 * test may stop, start and promote; {@link ReplicatedPostgres} makes them in pairs. The binaries
 * refuse to run as root, so as root every command runs through {@code runuser -u postgres}, and
 * the data lives in a temporary directory owned by postgres. Missing binaries fail the tests
 * with the path and the package to install, never skip them.
 */
public final class PostgresServer {
    /** Where Debian puts PostgreSQL 15's server binaries. */
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** What the test called it, for logs and {@link #toString()}. */
    public final String name;
    /** Its data directory. */
    public final Path dataDir;
    /** Its loopback port (user {@code postgres}, no password). */
    public final int port;
    private final Path log;
    private volatile boolean running;

    private PostgresServer(String name, Path dataDir, int port) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.log = dataDir.resolveSibling(name + ".log");
    }

    /** @return a fresh temporary directory the postgres user may write into */
    static Path newRoot() {
        requireBinaries();
        try {
            Path root = Files.createTempDirectory("cistern-pg-");
            if (ROOT) {
                run(List.of("chown", "postgres", root.toString()), false);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with the missing path and the package to install; never lets a test skip. */
    public static void requireBinaries() {
        for (String tool : List.of("initdb", "pg_ctl", "postgres", "pg_basebackup")) {
            Path p = BIN.resolve(tool);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("These tests need PostgreSQL 15's server binaries, and " + p
                        + " is missing. Install the Debian package postgresql-15 (apt-get install -y postgresql-15).");
            }
        }
    }

    /** Creates and starts a primary that accepts streaming replicas from loopback. */
    static PostgresServer primary(Path root, String name) {
        PostgresServer s = new PostgresServer(name, root.resolve(name), Ports.free());
        s.pg("initdb", "-D", s.dataDir.toString(), "-U", "postgres", "-A", "trust", "--no-sync");
        s.appendAsPostgres(s.dataDir.resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 200",
                "wal_level = replica",
                "max_wal_senders = 10",
                "wal_keep_size = '256MB'",
                "hot_standby = on",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "shared_buffers = '32MB'",
                ""));
        s.appendAsPostgres(s.dataDir.resolve("pg_hba.conf"), String.join("\n",
                "host replication all 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 trust",
                ""));
        s.start();
        return s;
    }

    /** Takes a base backup of this running primary and starts it as a streaming replica. */
    PostgresServer replica(Path root, String replicaName) {
        PostgresServer r = new PostgresServer(replicaName, root.resolve(replicaName), Ports.free());
        pg("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                "-D", r.dataDir.toString(), "-R", "-X", "stream", "--no-sync");
        r.start();
        return r;
    }

    /** @return the URL of its {@code postgres} database */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** @return whether it was started and not stopped since */
    public boolean isRunning() {
        return running;
    }

    /** Starts it (again) on its port and data directory, waiting until it accepts connections. */
    public void start() {
        pg("pg_ctl", "-D", dataDir.toString(), "-l", log.toString(), "-o", "-p " + port, "-w", "-t", "60", "start");
        running = true;
    }

    /** Stops it with a fast shutdown (sessions are ended), if it is running. */
    public void stop() {
        if (running) {
            pg("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop");
            running = false;
        }
    }

    /** Turns this replica into a primary. */
    public void promote() {
        pg("pg_ctl", "-D", dataDir.toString(), "-w", "-t", "60", "promote");
    }

    private void pg(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command, true);
    }

    private void appendAsPostgres(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, boolean showOutput) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Failed (exit " + p.exitValue() + "): " + command + "\n" + output);
            }
            if (showOutput && !output.isBlank()) {
                System.out.println(output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temporary directory
        }
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }
}
