package io.cistern.bench.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The memory write benchmark. The fixed workload: N agents (threads), each holding conversations
 * of a fixed length; a turn appends a prompt, a response and one or two tool calls (1.5 on
 * average) with their edges, then reads the conversation's last 20 turns. Every contender runs on
 * a fresh database; a trial warms up, then measures several rounds; turns/s is the median round,
 * latencies are over every measured round.
 *
 * <pre>
 * java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.memory.MemoryWriteBenchmark \
 *     [--db sqlite,postgresql] [--agents 1,4,16] [--length 50] [--peer-lengths 10,50,200]
 *     [--contenders cistern,plain,spring-ai] [--warmup 2] [--seconds 2] [--rounds 3]
 * </pre>
 *
 * <p>The scaling section runs every contender at every agent count with conversations of
 * {@code --length} turns; the length section runs Cistern and the peer with one agent at each of
 * {@code --peer-lengths}.
 */
public final class MemoryWriteBenchmark {

    private MemoryWriteBenchmark() {
    }

    record Result(String db, String contender, int agents, int length, double turnsPerSecond, double minRound,
                  double maxRound, Histogram appends, Histogram reads, Histogram turns, long errors, String firstError) {
        String line() {
            return String.format(Locale.ROOT, "%-10s %-9s %6d %6d %10.1f %8.0f-%-8.0f %8.3f %8.3f %8.3f %8.3f %8.3f %6d%s",
                    db, contender, agents, length, turnsPerSecond, minRound, maxRound,
                    ms(appends.getValueAtPercentile(50)), ms(appends.getValueAtPercentile(99)),
                    ms(turns.getValueAtPercentile(50)), ms(reads.getValueAtPercentile(50)),
                    ms(reads.getValueAtPercentile(99)), errors, firstError == null ? "" : "  first error: " + firstError);
        }
    }

    static final String HEADER = String.format(Locale.ROOT, "%-10s %-9s %6s %6s %10s %17s %8s %8s %8s %8s %8s %6s",
            "db", "contender", "agents", "length", "turns/s", "rounds min-max", "app p50", "app p99", "turn p50",
            "read p50", "read p99", "errors") + "   (latencies in ms; turn = the appends of one turn)";

    public static void main(String[] args) throws Exception {
        List<String> dbs = List.of("sqlite", "postgresql");
        List<Integer> agents = List.of(1, 4, 16);
        List<Integer> peerLengths = List.of(10, 50, 200);
        List<String> contenders = List.of("cistern", "plain", "spring-ai");
        int length = 50;
        double warmup = 2;
        double seconds = 2;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--db" -> dbs = Arrays.asList(value.split(","));
                case "--agents" -> agents = ints(value);
                case "--length" -> length = Integer.parseInt(value);
                case "--peer-lengths" -> peerLengths = value.isEmpty() || value.equals("none") ? List.of() : ints(value);
                case "--contenders" -> contenders = Arrays.asList(value.split(","));
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("option " + args[i] + " is unknown; allowed: --db, --agents, "
                        + "--length, --peer-lengths, --contenders, --warmup, --seconds, --rounds");
            }
            i++;
        }
        Path dir = Files.createTempDirectory("cistern-memory-write-bench");
        System.out.printf(Locale.ROOT, "memory write benchmark: %d cores, Java %s, warm-up %.1f s, %d rounds of %.1f s; %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), warmup, rounds, seconds, dir);
        System.out.println(HEADER);
        List<Result> results = new ArrayList<>();
        try (BenchDatabases databases = new BenchDatabases(dir)) {
            for (String db : dbs) {
                BenchDatabases.Kind kind = BenchDatabases.Kind.valueOf(db.toUpperCase(Locale.ROOT));
                for (int n : agents) {
                    for (String contender : contenders) {
                        results.add(trial(databases, kind, db, contender, n, length, warmup, seconds, rounds));
                    }
                }
                for (int l : peerLengths) {
                    for (String contender : contenders) {
                        if (!contender.equals("plain") && l != length) {
                            results.add(trial(databases, kind, db, contender, 1, l, warmup, seconds, rounds));
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println("same-run ratios:");
        for (Result r : results) {
            if (!r.contender().equals("cistern")) {
                continue;
            }
            for (Result o : results) {
                if (o != r && o.db().equals(r.db()) && o.agents() == r.agents() && o.length() == r.length()) {
                    System.out.printf(Locale.ROOT, "  %-10s %2d agents, length %3d: cistern/%s turns/s %.2f, turn p50 %s/cistern %.2f%n",
                            r.db(), r.agents(), r.length(), o.contender(), r.turnsPerSecond() / o.turnsPerSecond(), o.contender(),
                            (double) o.turns().getValueAtPercentile(50) / r.turns().getValueAtPercentile(50));
                }
            }
            results.stream().filter(o -> o.contender().equals("cistern") && o.db().equals(r.db()) && o.agents() == 1
                    && o.length() == r.length() && r.agents() > 1).findFirst().ifPresent(one -> System.out.printf(Locale.ROOT,
                    "  %-10s %2d agents, length %3d: cistern turns/s vs 1 agent %.2f%n", r.db(), r.agents(), r.length(),
                    r.turnsPerSecond() / one.turnsPerSecond()));
        }
    }

    private static Result trial(BenchDatabases databases, BenchDatabases.Kind kind, String db, String contender, int agents,
                                int length, double warmup, double seconds, int rounds) throws Exception {
        Recorder appends = new Recorder(3);
        Recorder reads = new Recorder(3);
        Recorder turnTimes = new Recorder(3);
        LongAdder turns = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        try (Contender c = databases.open(kind, contender, length)) {
            List<Contender.AgentLoop> loops = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                loops.add(c.agent(i));
            }
            List<Thread> threads = new ArrayList<>();
            for (Contender.AgentLoop loop : loops) {
                Thread thread = new Thread(() -> {
                    int t = 0;
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            if (t % length == 0) {
                                loop.newConversation();
                            }
                            long start = System.nanoTime();
                            loop.turn(t, nanos -> appends.recordValue(Math.max(1, nanos)));
                            long written = System.nanoTime();
                            turnTimes.recordValue(written - start);
                            loop.readRecent();
                            reads.recordValue(Math.max(1, System.nanoTime() - written));
                            turns.increment();
                        } catch (Exception e) {
                            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                                return;
                            }
                            errors.increment();
                            firstError.compareAndSet(null, e.toString());
                            t = -1; // a fresh conversation
                        }
                        t = t < 0 ? 0 : t + 1;
                        if (t == length) {
                            t = 0;
                        }
                    }
                }, "agent-" + threads.size());
                threads.add(thread);
                thread.start();
            }
            Thread.sleep((long) (warmup * 1000));
            appends.reset();
            reads.reset();
            turnTimes.reset();
            errors.reset();
            Histogram a = new Histogram(3);
            Histogram r = new Histogram(3);
            Histogram tt = new Histogram(3);
            double[] perRound = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long before = turns.sum();
                long start = System.nanoTime();
                Thread.sleep((long) (seconds * 1000));
                perRound[i] = (turns.sum() - before) / ((System.nanoTime() - start) / 1e9);
                a.add(appends.getIntervalHistogram());
                r.add(reads.getIntervalHistogram());
                tt.add(turnTimes.getIntervalHistogram());
            }
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(10_000);
            }
            double[] sorted = perRound.clone();
            Arrays.sort(sorted);
            Result result = new Result(db, contender, agents, length, sorted[rounds / 2], sorted[0], sorted[rounds - 1], a, r, tt,
                    errors.sum(), firstError.get());
            System.out.println(result.line());
            return result;
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
