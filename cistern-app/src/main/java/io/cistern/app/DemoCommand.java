package io.cistern.app;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cistern demo}: simulated agents against the memory store, then the figures. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulated agents hold multi-turn conversations with tool calls and template reuse "
                + "against the memory store (embedded SQLite by default) for a set time, then print throughput, "
                + "latency percentiles per operation, pool, limiter and cache statistics, and where the data is.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--agents", defaultValue = "8", description = "simulated agents, 1 to 256 (default: ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "how long to run: 500ms, 20s, 2m... (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--data-dir", defaultValue = "data",
            description = "directory of the SQLite file (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--jdbc-url", description = "use this database instead: jdbc:postgresql://host[:port][,host2...]/db or jdbc:sqlite:<file>")
    String jdbcUrl;

    @Option(names = "--user", description = "database user (PostgreSQL)")
    String user;

    @Option(names = "--password", description = "database password (PostgreSQL); or set CISTERN_PASSWORD", arity = "0..1",
            interactive = true)
    String password;

    @Option(names = "--max-concurrent", defaultValue = "32",
            description = "store operations at once, the limiter's bound (default: ${DEFAULT-VALUE})")
    int maxConcurrent;

    @Option(names = "--turns-per-session", defaultValue = "12",
            description = "turns before an agent starts a new session (default: ${DEFAULT-VALUE})")
    int turnsPerSession;

    @Override
    public Integer call() {
        if (agents < 1 || agents > 256) {
            throw badOption("--agents " + agents + " is not allowed; allowed: 1 to 256");
        }
        if (turnsPerSession < 1) {
            throw badOption("--turns-per-session " + turnsPerSession + " is not allowed; allowed: 1 or more");
        }
        MemoryStoreConfig built;
        try {
            MemoryStoreConfig.Builder config = jdbcUrl == null ? MemoryStoreConfig.sqlite(dataDir) : MemoryStoreConfig.jdbc(jdbcUrl);
            if (user != null) {
                config.username(user);
            }
            String secret = password != null ? password : System.getenv("CISTERN_PASSWORD");
            if (secret != null) {
                config.password(secret);
            }
            config.maxConcurrent(maxConcurrent);
            built = config.build();
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        }
        MemoryStore opened;
        try {
            opened = MemoryStore.open(built);
        } catch (IllegalArgumentException e) {
            throw badOption(e.getMessage());
        } catch (RuntimeException e) {
            throw ConnectionFailures.describe(jdbcUrl, String.valueOf(dataDir.toAbsolutePath().normalize()), e);
        }
        try (MemoryStore store = opened) {
            System.err.println("cistern demo: " + agents + " agents for " + duration.toMillis() / 1000.0 + " s on "
                    + store.description());
            Demo demo = new Demo(store, agents, duration, turnsPerSession);
            DemoReport report = demo.run(System.console() != null);
            System.out.print(report.render());
        }
        return 0;
    }

    private ParameterException badOption(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
