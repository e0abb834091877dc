package io.cistern.app;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.memory.store.MemoryStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where {@code serve} and {@code mcp} keep their data: the embedded SQLite store, or a JDBC URL. */
final class StoreOptions {

    private static final String POOL_CREATOR_LOG = "org.slf4j.simpleLogger.log.io.cistern.pool.ResourceCreator";

    @Option(names = "--data-dir", defaultValue = "data",
            description = "directory of the SQLite file, created if missing (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--jdbc-url", description = "use this database instead: jdbc:postgresql://host[:port][,host2...]/db "
            + "(a primary with replicas when several) or jdbc:sqlite:<file>; the password comes from CISTERN_PASSWORD")
    String jdbcUrl;

    @Option(names = "--user", description = "database user (PostgreSQL)")
    String user;

    @Option(names = "--max-concurrent", defaultValue = "32",
            description = "store operations at once, the limiter's bound (default: ${DEFAULT-VALUE})")
    int maxConcurrent;

    /**
     * @param verbose whether the pool may log its connection attempts with stack traces
     * @return the open store
     * @throws CommandFailure with exit code 3 and one line saying why it cannot be opened
     */
    MemoryStore open(boolean verbose) {
        if (!verbose && System.getProperty(POOL_CREATOR_LOG) == null) {
            // A database that cannot be reached makes the pool log each failed attempt with its stack
            // trace; the command says why in one line instead, and /health/ready shows it while serving.
            System.setProperty(POOL_CREATOR_LOG, "error");
        }
        MemoryStoreConfig.Builder config;
        try {
            if (jdbcUrl == null) {
                checkDataDir(dataDir);
                config = MemoryStoreConfig.sqlite(dataDir);
            } else {
                config = MemoryStoreConfig.jdbc(jdbcUrl);
            }
            if (user != null) {
                config.username(user);
            }
            String secret = System.getenv("CISTERN_PASSWORD");
            if (secret != null) {
                config.password(secret);
            }
            return MemoryStore.open(config.maxConcurrent(maxConcurrent).build());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, e.getMessage(), e);
        } catch (MemoryStoreException e) {
            throw new CommandFailure(3, Secrets.redact(e.getMessage()), e);
        }
    }

    private static void checkDataDir(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandFailure(3, "data directory " + dir.toAbsolutePath() + " is not a directory", null);
        }
        if (Files.isDirectory(dir) && (!Files.isReadable(dir) || !Files.isWritable(dir))) {
            throw new CommandFailure(3, "data directory " + dir.toAbsolutePath() + " is not readable and writable by this user", null);
        }
    }
}
