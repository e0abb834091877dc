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
 * For each database and implementation: a conversation of each length is written first (not
 * timed), then the framework's own window memory (large enough to keep everything, so the
 * conversation grows) adds messages one at a time: warm-up adds, then timed adds taken in turn over
 * the lengths (one add to each conversation, then the next round), so that other load on the
 * machine falls on every length alike. Reported: median and 90th percentile of an add (after one
 * untimed pass over every implementation at the smallest length, for the JIT), and the medians of
 * its two parts: the time inside the store's own methods (its read and its save, timed by a
 * wrapper) and the rest, the framework's own work on the list. Every implementation runs in the
 * same JVM, on the same kind of SQLite file and on the same PostgreSQL server, one after the other.
 *
 * <pre>
 * java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.chat.ChatMemorySaveHarness [--sizes 100,1000,10000]
 *     [--warmup 10] [--adds 40] [--databases sqlite,postgresql] [--only "spring-ai + Cistern"]
 * </pre>
 *
 * <p>{@code --only} keeps the implementations whose name contains it (for a profile of one; the
 * ratio table then needs all five and is left out).
 */
public final class ChatMemorySaveHarness {

    private static final int NO_EVICTION = 1_000_000;

    private ChatMemorySaveHarness() {
    }

    /** One implementation under measurement: adds message {@code i} the way its framework does. */
    private interface Adder extends AutoCloseable {
        void add(int i);

        /** @return the nanoseconds spent so far inside the store's own methods (the rest of an add is the framework's) */
        long storeNanos();

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
        String only = opts.get("only"); // for profiling one implementation: a part of its name
        Path work = Files.createTempDirectory("cistern-chat-bench-");
        EmbeddedPostgres postgres = databases.contains("postgresql") ? EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("max_connections", "100").start() : null;
        System.out.printf(Locale.ROOT, "# %s, %d cores, %d warm-up adds, %d timed adds per cell; microseconds per ChatMemory.add%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), warmup, adds);
        System.out.printf(Locale.ROOT, "%-10s %7s  %-38s %10s %10s %12s %12s%n", "database", "size", "implementation", "median",
                "p90", "store part", "framework");
        List<String[]> rows = new ArrayList<>();
        int db = 0;
        try {
            for (String database : databases) {
                String tag = database + "_" + (db++);
                Map<String, Impl> impls = new LinkedHashMap<>();
                impls.put("langchain4j + Cistern", (n, name) -> langchain4j(cistern(database, postgres, work, name), n));
                impls.put("spring-ai + Cistern", (n, name) -> springAi(cisternRepository(database, postgres, work, name), n));
                impls.put("spring-ai JdbcChatMemoryRepository", (n, name) -> springAi(jdbc(database, postgres, work, name), n));
                impls.put("langchain4j InMemoryChatMemoryStore", (n, name) -> langchain4j(new Owned<>(new InMemoryChatMemoryStore(), null), n));
                impls.put("spring-ai InMemoryChatMemoryRepository",
                        (n, name) -> springAi(new Owned<>(new InMemoryChatMemoryRepository(), null), n));
                if (only != null) {
                    impls.keySet().removeIf(name -> !name.contains(only));
                }
                // A first, untimed pass at the smallest size, so that the first timed row is not the JIT's.
                int k = 0;
                for (Impl impl : impls.values()) {
                    try (Adder adder = impl.open(sizes[0], tag + "_jit" + (k++))) {
                        for (int i = 0; i < warmup + adds; i++) {
                            adder.add(sizes[0] + i);
                        }
                    }
                }
                Map<Integer, List<String[]>> bySize = new LinkedHashMap<>();
                for (int size : sizes) {
                    bySize.put(size, new ArrayList<>());
                }
                for (Map.Entry<String, Impl> impl : impls.entrySet()) {
                    for (Map.Entry<Integer, Cell> cell : measure(impl.getValue(), sizes, warmup, adds, tag + "_" + (k++)).entrySet()) {
                        Cell c = cell.getValue();
                        bySize.get(cell.getKey()).add(new String[] {database, Integer.toString(cell.getKey()), impl.getKey(),
                                Double.toString(c.median()), Double.toString(c.store()), Double.toString(c.framework()),
                                Double.toString(c.p90())});
                    }
                }
                for (List<String[]> sized : bySize.values()) {
                    for (String[] r : sized) {
                        System.out.printf(Locale.ROOT, "%-10s %7s  %-38s %10.1f %10.1f %12.1f %12.1f%n", r[0], r[1], r[2],
                                Double.parseDouble(r[3]), Double.parseDouble(r[6]), Double.parseDouble(r[4]), Double.parseDouble(r[5]));
                        rows.add(r);
                    }
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        if (only == null) {
            ratios(rows);
        }
        growth(rows, sizes[0], sizes[sizes.length - 1]);
    }

    /** Opens one implementation over a conversation of {@code size} messages, its database named {@code name}. */
    private interface Impl {
        Adder open(int size, String name);
    }

    /** Medians in microseconds of one implementation at one size: the add, its two parts, and the add's 90th percentile. */
    private record Cell(double median, double store, double framework, double p90) {
    }

    /**
     * One implementation at every size at once: a conversation per size, warmed up, then the timed
     * adds taken in turn, one per size, so that whatever else loads the machine meanwhile falls on
     * every size alike and the growth from the smallest to the largest is not that load's.
     */
    private static Map<Integer, Cell> measure(Impl impl, int[] sizes, int warmup, int adds, String name) throws Exception {
        List<Adder> adders = new ArrayList<>();
        try {
            for (int size : sizes) {
                adders.add(impl.open(size, name + "_" + size));
            }
            for (int s = 0; s < sizes.length; s++) {
                for (int i = 0; i < warmup; i++) {
                    adders.get(s).add(sizes[s] + i);
                }
            }
            long[][] nanos = new long[sizes.length][adds];
            long[][] inStore = new long[sizes.length][adds];
            long[][] inFramework = new long[sizes.length][adds];
            for (int i = 0; i < adds; i++) {
                for (int s = 0; s < sizes.length; s++) {
                    Adder adder = adders.get(s);
                    long s0 = adder.storeNanos();
                    long t0 = System.nanoTime();
                    adder.add(sizes[s] + warmup + i);
                    nanos[s][i] = System.nanoTime() - t0;
                    inStore[s][i] = adder.storeNanos() - s0;
                    inFramework[s][i] = nanos[s][i] - inStore[s][i];
                }
            }
            Map<Integer, Cell> out = new LinkedHashMap<>();
            for (int s = 0; s < sizes.length; s++) {
                double median = median(nanos[s]);
                double p90 = nanos[s][(int) (adds * 0.9)] / 1_000.0; // sorted by median()
                out.put(sizes[s], new Cell(median, median(inStore[s]), median(inFramework[s]), p90));
            }
            return out;
        } finally {
            for (Adder a : adders) {
                a.close();
            }
        }
    }

    /** @return the median in microseconds; sorts {@code nanos} */
    private static double median(long[] nanos) {
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1_000.0;
    }

    /**
     * Per database and implementation, the median add at the largest size over the one at the
     * smallest: the whole add, and its two parts, the time inside the store's methods and the rest
     * (the framework's own work on the list).
     */
    private static void growth(List<String[]> rows, int smallest, int largest) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s  %-38s %20s %20s %20s%n", "database", "implementation",
                "add " + smallest + "->" + largest, "store part", "framework part");
        for (String[] small : rows) {
            if (!small[1].equals(Integer.toString(smallest))) {
                continue;
            }
            for (String[] large : rows) {
                if (large[0].equals(small[0]) && large[2].equals(small[2]) && large[1].equals(Integer.toString(largest))) {
                    System.out.printf(Locale.ROOT, "%-10s  %-38s %19.2fx %19.2fx %19.2fx%n", small[0], small[2],
                            ratio(large[3], small[3]), ratio(large[4], small[4]), ratio(large[5], small[5]));
                }
            }
        }
    }

    private static double ratio(String a, String b) {
        return Double.parseDouble(a) / Double.parseDouble(b);
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

    /** Nanoseconds summed over the calls it timed. */
    private static final class Stopwatch {
        private long nanos;

        <T> T time(java.util.function.Supplier<T> call) {
            long t0 = System.nanoTime();
            try {
                return call.get();
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }

        void time(Runnable call) {
            time(() -> {
                call.run();
                return null;
            });
        }
    }

    /** The store, its every call timed: what the framework's add spends inside it. */
    private record TimedStore(ChatMemoryStore store, Stopwatch watch) implements ChatMemoryStore {
        @Override
        public List<ChatMessage> getMessages(Object memoryId) {
            return watch.time(() -> store.getMessages(memoryId));
        }

        @Override
        public void updateMessages(Object memoryId, List<ChatMessage> messages) {
            watch.time(() -> store.updateMessages(memoryId, messages));
        }

        @Override
        public void deleteMessages(Object memoryId) {
            watch.time(() -> store.deleteMessages(memoryId));
        }
    }

    /** The repository, its every call timed. */
    private record TimedRepository(ChatMemoryRepository repository, Stopwatch watch) implements ChatMemoryRepository {
        @Override
        public List<String> findConversationIds() {
            return watch.time(repository::findConversationIds);
        }

        @Override
        public List<Message> findByConversationId(String conversationId) {
            return watch.time(() -> repository.findByConversationId(conversationId));
        }

        @Override
        public void saveAll(String conversationId, List<Message> messages) {
            watch.time(() -> repository.saveAll(conversationId, messages));
        }

        @Override
        public void deleteByConversationId(String conversationId) {
            watch.time(() -> repository.deleteByConversationId(conversationId));
        }
    }

    private static Adder langchain4j(Owned<? extends ChatMemoryStore> store, int size) {
        List<ChatMessage> seed = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            seed.add(lc4jMessage(i));
        }
        store.value().updateMessages("conversation", seed);
        Stopwatch watch = new Stopwatch();
        dev.langchain4j.memory.ChatMemory memory = MessageWindowChatMemory.builder().id("conversation").maxMessages(NO_EVICTION)
                .chatMemoryStore(new TimedStore(store.value(), watch)).build();
        return new Adder() {
            @Override
            public void add(int i) {
                memory.add(lc4jMessage(i));
            }

            @Override
            public long storeNanos() {
                return watch.nanos;
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
        Stopwatch watch = new Stopwatch();
        ChatMemory memory = org.springframework.ai.chat.memory.MessageWindowChatMemory.builder()
                .chatMemoryRepository(new TimedRepository(repository.value(), watch)).maxMessages(NO_EVICTION).build();
        return new Adder() {
            @Override
            public void add(int i) {
                memory.add("conversation", springMessage(i));
            }

            @Override
            public long storeNanos() {
                return watch.nanos;
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
                        + "--warmup n --adds n --databases sqlite,postgresql --only part-of-a-name");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
