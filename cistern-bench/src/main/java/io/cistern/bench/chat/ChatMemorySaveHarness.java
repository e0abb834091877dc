package io.cistern.bench.chat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.cistern.langchain4j.CisternChatMemoryStore;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.springai.CisternChatMemoryRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.PostgresChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.SqliteChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * For each database and conversation length: a conversation of that many messages is written
 * first (not timed), then the framework's own window memory (large enough to keep everything, so
 * the conversation grows) adds messages one at a time: warm-up adds, then timed adds, median and
 * 90th percentile reported (after one untimed pass over every implementation at the smallest size,
 * for the JIT). Every implementation runs in the same JVM, on the same kind of SQLite
 * file and on the same PostgreSQL server, one after the other.
 *
 * <pre>
 * java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.chat.ChatMemorySaveHarness [--sizes 100,1000,10000]
 *     [--warmup 10] [--adds 40] [--databases sqlite,postgresql]
 * </pre>
 */
public final class ChatMemorySaveHarness {

    private static final int NO_EVICTION = 1_000_000;

    private ChatMemorySaveHarness() {
    }

    /** One implementation under measurement: adds message {@code i} the way its framework does. */
    private interface Adder extends AutoCloseable {
        void add(int i);

        @Override
        default void close() throws Exception {
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int[] sizes = Arrays.stream(opts.getOrDefault("sizes", "100,1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "10"));
        int adds = Integer.parseInt(opts.getOrDefault("adds", "40"));
        List<String> databases = List.of(opts.getOrDefault("databases", "sqlite,postgresql").split(","));
        Path work = Files.createTempDirectory("cistern-chat-bench-");
        EmbeddedPostgres postgres = databases.contains("postgresql") ? EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("max_connections", "100").start() : null;
        System.out.printf(Locale.ROOT, "# %s, %d cores, %d warm-up adds, %d timed adds per cell; microseconds per ChatMemory.add%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), warmup, adds);
        System.out.printf(Locale.ROOT, "%-10s %7s  %-38s %10s %10s%n", "database", "size", "implementation", "median", "p90");
        List<String[]> rows = new ArrayList<>();
        int db = 0;
        try {
            for (String database : databases) {
                // A first, untimed pass at the smallest size, so that the first timed row is not the JIT's.
                int[] passes = new int[sizes.length + 1];
                passes[0] = -sizes[0];
                System.arraycopy(sizes, 0, passes, 1, sizes.length);
                for (int pass : passes) {
                    boolean timed = pass > 0;
                    int size = Math.abs(pass);
                    Map<String, IntFunction<Adder>> impls = new LinkedHashMap<>();
                    String tag = database + "_" + size + "_" + (db++);
                    impls.put("langchain4j + Cistern", n -> langchain4j(cistern(database, postgres, work, tag + "_lc"), n));
                    impls.put("spring-ai + Cistern", n -> springAi(cisternRepository(database, postgres, work, tag + "_sa"), n));
                    impls.put("spring-ai JdbcChatMemoryRepository", n -> springAi(jdbc(database, postgres, work, tag + "_jdbc"), n));
                    impls.put("langchain4j InMemoryChatMemoryStore", n -> langchain4j(new Owned<>(new InMemoryChatMemoryStore(), null), n));
                    impls.put("spring-ai InMemoryChatMemoryRepository",
                            n -> springAi(new Owned<>(new InMemoryChatMemoryRepository(), null), n));
                    for (Map.Entry<String, IntFunction<Adder>> impl : impls.entrySet()) {
                        long[] nanos = new long[adds];
                        try (Adder adder = impl.getValue().apply(size)) {
                            for (int i = 0; i < (timed ? warmup : warmup + adds); i++) {
                                adder.add(size + i);
                            }
                            for (int i = 0; timed && i < adds; i++) {
                                long t0 = System.nanoTime();
                                adder.add(size + warmup + i);
                                nanos[i] = System.nanoTime() - t0;
                            }
                        }
                        if (!timed) {
                            continue;
                        }
                        Arrays.sort(nanos);
                        double median = nanos[adds / 2] / 1_000.0;
                        double p90 = nanos[(int) (adds * 0.9)] / 1_000.0;
                        System.out.printf(Locale.ROOT, "%-10s %7d  %-38s %10.1f %10.1f%n", database, size, impl.getKey(), median, p90);
                        rows.add(new String[] {database, Integer.toString(size), impl.getKey(), Double.toString(median)});
                    }
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        ratios(rows);
    }

    /**
     * Ratios per database and size: Spring AI's JDBC repository over each Cistern adapter, and each
     * adapter over its framework's in-memory floor.
     */
    private static void ratios(List<String[]> rows) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %7s %20s %20s %20s %20s%n", "database", "size", "JDBC / spring-ai+C",
                "JDBC / lc4j+C", "lc4j+C / lc4j floor", "spring-ai+C / floor");
        for (int i = 0; i + 4 < rows.size(); i += 5) {
            double lc = Double.parseDouble(rows.get(i)[3]);
            double sa = Double.parseDouble(rows.get(i + 1)[3]);
            double jdbc = Double.parseDouble(rows.get(i + 2)[3]);
            double lcFloor = Double.parseDouble(rows.get(i + 3)[3]);
            double saFloor = Double.parseDouble(rows.get(i + 4)[3]);
            System.out.printf(Locale.ROOT, "%-10s %7s %20.1f %20.1f %20.1f %20.1f%n", rows.get(i)[0], rows.get(i)[1],
                    jdbc / sa, jdbc / lc, lc / lcFloor, sa / saFloor);
        }
    }

    // ---- the implementations -------------------------------------------------------------------

    /** Something to close with the adder: the store or the pool under it. */
    private record Owned<T>(T value, AutoCloseable resource) {
    }

    private static Adder langchain4j(Owned<? extends ChatMemoryStore> store, int size) {
        List<ChatMessage> seed = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            seed.add(lc4jMessage(i));
        }
        store.value().updateMessages("conversation", seed);
        dev.langchain4j.memory.ChatMemory memory = MessageWindowChatMemory.builder().id("conversation").maxMessages(NO_EVICTION)
                .chatMemoryStore(store.value()).build();
        return new Adder() {
            @Override
            public void add(int i) {
                memory.add(lc4jMessage(i));
            }

            @Override
            public void close() throws Exception {
                if (store.resource() != null) {
                    store.resource().close();
                }
            }
        };
    }

    private static Adder springAi(Owned<? extends ChatMemoryRepository> repository, int size) {
        List<Message> seed = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            seed.add(springMessage(i));
        }
        repository.value().saveAll("conversation", seed);
        ChatMemory memory = org.springframework.ai.chat.memory.MessageWindowChatMemory.builder()
                .chatMemoryRepository(repository.value()).maxMessages(NO_EVICTION).build();
        return new Adder() {
            @Override
            public void add(int i) {
                memory.add("conversation", springMessage(i));
            }

            @Override
            public void close() throws Exception {
                if (repository.resource() != null) {
                    repository.resource().close();
                }
            }
        };
    }

    private static ChatMessage lc4jMessage(int i) {
        return i % 2 == 0 ? dev.langchain4j.data.message.UserMessage.from("question " + i + " about the rivers of Europe")
                : dev.langchain4j.data.message.AiMessage.from("answer " + i + ": the Rhine, the Danube and the Elbe");
    }

    private static Message springMessage(int i) {
        return i % 2 == 0 ? new UserMessage("question " + i + " about the rivers of Europe")
                : new AssistantMessage("answer " + i + ": the Rhine, the Danube and the Elbe");
    }

    private static MemoryStore openStore(String database, EmbeddedPostgres postgres, Path work, String name) {
        try {
            MemoryStoreConfig config = database.equals("sqlite")
                    ? MemoryStoreConfig.sqlite(Files.createDirectories(work.resolve(name))).build()
                    : MemoryStoreConfig.jdbc(createDatabase(postgres, name)).username("postgres").build();
            return MemoryStore.open(config);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Owned<CisternChatMemoryStore> cistern(String database, EmbeddedPostgres postgres, Path work, String name) {
        MemoryStore store = openStore(database, postgres, work, name);
        return new Owned<>(new CisternChatMemoryStore(store), store);
    }

    private static Owned<CisternChatMemoryRepository> cisternRepository(String database, EmbeddedPostgres postgres, Path work,
                                                                        String name) {
        MemoryStore store = openStore(database, postgres, work, name);
        return new Owned<>(new CisternChatMemoryRepository(store), store);
    }

    /** Spring AI's repository as its documentation sets it up, on HikariCP; SQLite with the pragmas Cistern uses (WAL, synchronous NORMAL). */
    private static Owned<JdbcChatMemoryRepository> jdbc(String database, EmbeddedPostgres postgres, Path work, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-" + name);
        boolean sqlite = database.equals("sqlite");
        if (sqlite) {
            config.setJdbcUrl("jdbc:sqlite:" + work.resolve(name + ".db"));
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "5000");
        } else {
            config.setJdbcUrl(createDatabase(postgres, name));
            config.setUsername("postgres");
        }
        HikariDataSource ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             InputStream schema = JdbcChatMemoryRepository.class.getResourceAsStream(
                     "schema-" + (sqlite ? "sqlite" : "postgresql") + ".sql")) {
            for (String statement : new String(schema.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        } catch (Exception e) {
            ds.close();
            throw new IllegalStateException("creating Spring AI's chat memory schema failed", e);
        }
        JdbcChatMemoryRepository repository = JdbcChatMemoryRepository.builder().dataSource(ds)
                .dialect(sqlite ? new SqliteChatMemoryRepositoryDialect() : new PostgresChatMemoryRepositoryDialect()).build();
        return new Owned<>(repository, ds);
    }

    private static String createDatabase(EmbeddedPostgres postgres, String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
        } catch (Exception e) {
            throw new IllegalStateException("creating database " + name + " failed", e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name.toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("argument '" + args[i] + "' is not allowed; allowed: --sizes a,b,c "
                        + "--warmup n --adds n --databases sqlite,postgresql");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
