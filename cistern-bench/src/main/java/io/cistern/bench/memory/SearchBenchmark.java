package io.cistern.bench.memory;

import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.search.SearchPage;
import io.cistern.memory.search.SearchQuery;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.time.Instant;
import io.cistern.memory.retention.PurgeResult;
import io.cistern.memory.retention.Retention;
import org.HdrHistogram.Histogram;

/**
 * Full-text search latency at growing store sizes, and the bulk write throughput with the index on
 * and off.
 *
 * <p>Data: sessions of 48 turns (16 times a prompt, its response and a tool call) in 10 namespaces,
 * written as one batch a session through the store. Words are drawn from a synthetic vocabulary of
 * 20,000 pronounceable words with Zipf frequencies (s = 1.07, near English text's): a few very
 * common words, a long tail of rare ones. Prompts 8-24 words, responses 16-64, tool calls a tool
 * name, JSON arguments of 2-4 words and a JSON result of 4-12.
 *
 * <p>Query mix (first page of 20, one namespace, single thread): 40 % one word of frequency rank
 * 100-3,000; 20 % two such words; 15 % a two-word phrase taken from a stored text; 10 % a prefix (3
 * letters of a word of rank 50-1,000) with '*'; 10 % two words joined by OR; 5 % a word minus a
 * common word.
 *
 * <pre>
 * java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.memory.SearchBenchmark \
 *     [--db sqlite,postgresql] [--sizes 10000,100000,1000000] [--queries 2000] [--write-turns 48000] [--write-rounds 3]
 *     [--purge 100000]
 * </pre>
 */
public final class SearchBenchmark {

    private static final int TURNS_PER_SESSION = 48;
    private static final int NAMESPACES = 10;
    private static final String[] TOOLS = {"search", "fetch_url", "read_file", "sql_query", "calendar", "weather", "calculator",
            "send_email", "translate", "summarize"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> dbs = List.of("sqlite", "postgresql");
        List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
        int queries = 2000;
        int writeTurns = 48_000;
        int writeRounds = 3;
        int purge = 0;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--db" -> dbs = Arrays.asList(value.split(","));
                case "--sizes" -> sizes = value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                case "--queries" -> queries = Integer.parseInt(value);
                case "--write-turns" -> writeTurns = Integer.parseInt(value);
                case "--write-rounds" -> writeRounds = Integer.parseInt(value);
                case "--purge" -> purge = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("option " + args[i] + " is unknown; allowed: --db, --sizes, "
                        + "--queries, --write-turns, --write-rounds, --purge");
            }
        }
        Path dir = Files.createTempDirectory("cistern-search-bench");
        System.out.printf(Locale.ROOT, "search benchmark: %d cores, Java %s; %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), dir);
        Vocabulary words = new Vocabulary(20_000, 1.07, 42);
        try (BenchDatabases databases = new BenchDatabases(dir)) {
            for (String db : dbs) {
                BenchDatabases.Kind kind = BenchDatabases.Kind.valueOf(db.toUpperCase(Locale.ROOT));
                if (writeRounds > 0) {
                    writes(databases, kind, db, words, writeTurns, writeRounds);
                }
                if (!sizes.isEmpty()) {
                    latency(databases, kind, db, words, sizes, queries);
                }
                if (purge > 0) {
                    purge(databases, kind, db, words, purge);
                }
            }
        }
    }

    /** Bulk writes on fresh stores, index on and off alternating, the median round of each. */
    private static void writes(BenchDatabases databases, BenchDatabases.Kind kind, String db, Vocabulary words, int turns,
                               int rounds) throws Exception {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (boolean index : new boolean[] {true, false}) {
                try (MemoryStore store = MemoryStore.open(databases.freshStore(kind).fullTextIndex(index).build())) {
                    Generator g = new Generator(words, 7 + r);
                    long start = System.nanoTime();
                    g.write(store, turns);
                    double perSecond = turns / ((System.nanoTime() - start) / 1e9);
                    (index ? on : off).add(perSecond);
                    System.out.printf(Locale.ROOT, "  %-10s round %d index %-3s %,10.0f turns/s%n", db, r + 1, index ? "on" : "off",
                            perSecond);
                }
            }
        }
        double mOn = median(on);
        double mOff = median(off);
        System.out.printf(Locale.ROOT, "write %-10s %,d turns a round, batches of one %d-turn session: index on %,.0f turns/s, "
                + "off %,.0f turns/s (median of %d), on/off %.2f%n", db, turns, TURNS_PER_SESSION, mOn, mOff, rounds, mOn / mOff);
    }

    /** One store grown to each size in turn; after each, the query mix. */
    private static void latency(BenchDatabases databases, BenchDatabases.Kind kind, String db, Vocabulary words,
                                List<Integer> sizes, int queries) throws Exception {
        try (MemoryStore store = MemoryStore.open(databases.freshStore(kind).build())) {
            Generator g = new Generator(words, 1);
            int stored = 0;
            for (int size : sizes) {
                long start = System.nanoTime();
                g.write(store, size - stored);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "  %-10s grew %,d -> %,d turns in %.0f s (%,.0f turns/s, index on)%n", db, stored,
                        size, seconds, (size - stored) / seconds);
                stored = size;
                QueryMix mix = new QueryMix(words, g.phrases, 99);
                for (int i = 0; i < Math.min(200, queries); i++) {
                    store.search(mix.next());
                }
                Histogram all = new Histogram(3);
                Map<String, Histogram> byType = new java.util.TreeMap<>();
                long hits = 0;
                for (int i = 0; i < queries; i++) {
                    SearchQuery q = mix.next();
                    long t0 = System.nanoTime();
                    SearchPage page = store.search(q);
                    long took = System.nanoTime() - t0;
                    hits += page.hits().size();
                    all.recordValue(took);
                    byType.computeIfAbsent(mix.lastType, k -> new Histogram(3)).recordValue(took);
                }
                StringBuilder types = new StringBuilder();
                byType.forEach((t, h) -> types.append(String.format(Locale.ROOT, " %s %.2f/%.2f", t,
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6)));
                System.out.printf(Locale.ROOT, "search %-10s %,9d turns: p50 %.2f ms, p99 %.2f ms, max %.1f ms, mean hits/page %.1f"
                                + " (%d queries; per type p50/p99:%s)%n", db, size, all.getValueAtPercentile(50) / 1e6,
                        all.getValueAtPercentile(99) / 1e6, all.getMaxValue() / 1e6, (double) hits / queries, queries, types);
            }
        }
    }

    /**
     * The housekeeping deleting {@code turns} expired turns (a namespace with a one-day time to live,
     * turns two days old) while one writer appends single prompts to a live session of another
     * namespace: the writer's append latency before and during the purge.
     */
    private static void purge(BenchDatabases databases, BenchDatabases.Kind kind, String db, Vocabulary words, int turns)
            throws Exception {
        try (MemoryStore store = MemoryStore.open(databases.freshStore(kind).build())) {
            Generator old = new Generator(words, 5);
            old.at = Instant.now().minus(Duration.ofDays(2));
            old.namespace = "expiring";
            old.write(store, turns);
            Session live = Session.create("live", Map.of(), List.of());
            store.store(live);
            ModelParameters params = new ModelParameters("gpt-4o", 0.2, 512, List.of());
            AtomicBoolean stop = new AtomicBoolean();
            Histogram[] phase = {new Histogram(3), new Histogram(3)};
            AtomicInteger current = new AtomicInteger();
            Thread writer = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(3);
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    store.store(Prompt.create(live.id(), words.text(rnd, 8, 24), params));
                    phase[current.get()].recordValue(System.nanoTime() - t0);
                }
            });
            writer.start();
            Thread.sleep(5000);
            current.set(1);
            Retention.on(store).namespaceTtl("expiring", Duration.ofDays(1));
            long start = System.nanoTime();
            PurgeResult result = Retention.on(store).purgeExpired(Instant.now(), Retention.DEFAULT_BATCH);
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            writer.join();
            System.out.printf(Locale.ROOT, "purge %-10s %,d expired turns in %.1f s (%,d transactions of <= %d turns, longest %.1f ms); "
                            + "writer append p50/p99/max before %.2f/%.2f/%.1f ms (%d appends), during %.2f/%.2f/%.1f ms (%d appends)%n",
                    db, result.turns(), seconds, result.transactions(), Retention.DEFAULT_BATCH,
                    result.longestTransaction().toNanos() / 1e6,
                    phase[0].getValueAtPercentile(50) / 1e6, phase[0].getValueAtPercentile(99) / 1e6, phase[0].getMaxValue() / 1e6,
                    phase[0].getTotalCount(), phase[1].getValueAtPercentile(50) / 1e6, phase[1].getValueAtPercentile(99) / 1e6,
                    phase[1].getMaxValue() / 1e6, phase[1].getTotalCount());
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Pronounceable synthetic words with Zipf-distributed draws. */
    static final class Vocabulary {
        final String[] words;
        final double[] cumulative;

        Vocabulary(int size, double s, long seed) {
            String[] onsets = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "st", "tr",
                    "pl", "gr", "sh", "ch", "th"};
            String[] vowels = {"a", "e", "i", "o", "u", "ai", "ou", "ea"};
            String[] codas = {"", "n", "r", "s", "t", "l", "nd", "st", "ck", "m"};
            SplittableRandom rnd = new SplittableRandom(seed);
            java.util.LinkedHashSet<String> set = new java.util.LinkedHashSet<>();
            while (set.size() < size) {
                int syllables = 1 + rnd.nextInt(3);
                StringBuilder w = new StringBuilder();
                for (int i = 0; i < syllables; i++) {
                    w.append(onsets[rnd.nextInt(onsets.length)]).append(vowels[rnd.nextInt(vowels.length)])
                            .append(codas[rnd.nextInt(codas.length)]);
                }
                set.add(w.toString());
            }
            words = set.toArray(new String[0]);
            cumulative = new double[size];
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += 1 / Math.pow(i + 1, s);
                cumulative[i] = sum;
            }
            for (int i = 0; i < size; i++) {
                cumulative[i] /= sum;
            }
        }

        String draw(SplittableRandom rnd) {
            int i = Arrays.binarySearch(cumulative, rnd.nextDouble());
            return words[Math.min(words.length - 1, i < 0 ? -i - 1 : i)];
        }

        String text(SplittableRandom rnd, int min, int max) {
            int n = min + rnd.nextInt(max - min + 1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : " ").append(draw(rnd));
            }
            return b.toString();
        }
    }

    /** Sessions of turns, one batch each; keeps a sample of two-word phrases for the query mix. */
    static final class Generator {
        final Vocabulary words;
        final SplittableRandom rnd;
        final List<String> phrases = new ArrayList<>();
        int sessions;
        /** when the turns were written; null for now */
        Instant at;
        String namespace;

        Generator(Vocabulary words, long seed) {
            this.words = words;
            this.rnd = new SplittableRandom(seed);
        }

        void write(MemoryStore store, int turns) {
            ModelParameters params = new ModelParameters("gpt-4o", 0.2, 512, List.of("search"));
            int written = 0;
            while (written < turns) {
                Instant when = at == null ? Instant.now() : at;
                Session s = new Session(UUID.randomUUID().toString(),
                        namespace != null ? namespace : "ns-" + (sessions++ % NAMESPACES), when, when, Map.of(), List.of());
                Batch batch = store.batch().add(s);
                for (int i = 0; i < TURNS_PER_SESSION / 3 && written < turns; i++) {
                    String prompt = words.text(rnd, 8, 24);
                    Prompt p = new Prompt(UUID.randomUUID().toString(), s.id(), when, null, prompt, Map.of(), params);
                    Response r = new Response(UUID.randomUUID().toString(), s.id(), p.id(), when, words.text(rnd, 16, 64),
                            new TokenUsage(20, 80), "stop", 500);
                    ToolInvocation t = new ToolInvocation(UUID.randomUUID().toString(), s.id(), r.id(), when,
                            TOOLS[rnd.nextInt(TOOLS.length)], "{\"q\":\"" + words.text(rnd, 2, 4) + "\"}",
                            "{\"top\":\"" + words.text(rnd, 4, 12) + "\"}", null, 40, true, 0);
                    batch.add(p).add(r).add(t);
                    written += 3;
                    if (phrases.size() < 5000 && rnd.nextInt(20) == 0) {
                        String[] w = prompt.split(" ");
                        int at = rnd.nextInt(w.length - 1);
                        phrases.add(w[at] + " " + w[at + 1]);
                    }
                }
                batch.commit();
            }
        }
    }

    /** The query mix of the class comment. */
    static final class QueryMix {
        final Vocabulary words;
        final List<String> phrases;
        final SplittableRandom rnd;
        String lastType;

        QueryMix(Vocabulary words, List<String> phrases, long seed) {
            this.words = words;
            this.phrases = phrases;
            this.rnd = new SplittableRandom(seed);
        }

        private String ranked(int from, int to) {
            return words.words[from + rnd.nextInt(to - from)];
        }

        SearchQuery next() {
            int roll = rnd.nextInt(100);
            String text;
            if (roll < 40) {
                lastType = "word";
                text = ranked(100, 3000);
            } else if (roll < 60) {
                lastType = "and";
                text = ranked(100, 3000) + " " + ranked(100, 3000);
            } else if (roll < 75) {
                lastType = "phrase";
                text = "\"" + phrases.get(rnd.nextInt(phrases.size())) + "\"";
            } else if (roll < 85) {
                lastType = "prefix";
                String w = ranked(50, 1000);
                text = w.substring(0, Math.min(3, w.length())) + "*";
            } else if (roll < 95) {
                lastType = "or";
                text = ranked(100, 3000) + " OR " + ranked(100, 3000);
            } else {
                lastType = "not";
                text = ranked(100, 3000) + " -" + ranked(0, 20);
            }
            return SearchQuery.of("ns-" + rnd.nextInt(NAMESPACES), text).limit(20);
        }
    }
}
