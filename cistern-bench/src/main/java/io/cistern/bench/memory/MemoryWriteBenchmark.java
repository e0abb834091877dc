package io.cistern.bench.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The memory write benchmark. The fixed workload: N agents (threads), each holding conversations
 * of a fixed length; a turn appends a prompt, a response and one or two tool calls (1.5 on
 * average) with their edges, then reads the conversation's last 20 turns. Every contender runs on
 * a fresh database; a trial warms every contender up, then measures several rounds, alternating
 * between the contenders (a slow spell of a shared machine then falls on all of them); turns/s is
 * the median round, latencies are over every measured round.
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
                  double maxRound, double cpuMillisPerTurn, Histogram appends, Histogram reads, Histogram turns, long errors,
                  String firstError) {
        String line() {
            return String.format(Locale.ROOT, "%-10s %-9s %6d %6d %10.1f %8.0f-%-8.0f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %6d%s",
                    db, contender, agents, length, turnsPerSecond, minRound, maxRound, cpuMillisPerTurn,
                    ms(appends.getValueAtPercentile(50)), ms(appends.getValueAtPercentile(99)),
                    ms(turns.getValueAtPercentile(50)), ms(reads.getValueAtPercentile(50)),
                    ms(reads.getValueAtPercentile(99)), errors, firstError == null ? "" : "  first error: " + firstError);
        }
    }

    static final String HEADER = String.format(Locale.ROOT, "%-10s %-9s %6s %6s %10s %17s %8s %8s %8s %8s %8s %8s %6s",
            "db", "contender", "agents", "length", "turns/s", "rounds min-max", "cpu/turn", "app p50", "app p99", "turn p50",
            "read p50", "read p99", "errors") + "   (ms; cpu/turn = this JVM's CPU time per turn, reads included; "
            + "turn = the appends of one turn)";

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
                    results.addAll(trial(databases, kind, db, contenders, n, length, warmup, seconds, rounds));
                }
                List<String> withoutLimit = contenders.stream().filter(c -> !c.equals("plain")).toList();
                for (int l : peerLengths) {
                    if (l != length && !withoutLimit.isEmpty()) {
                        results.addAll(trial(databases, kind, db, withoutLimit, 1, l, warmup, seconds, rounds));
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

    /** One contender of a trial: its agents, and what its rounds measured. */
    private static final class Entrant {
        final String name;
        final Contender contender;
        final List<Contender.AgentLoop> loops = new ArrayList<>();
        final int[] turnOfAgent;
        final Recorder appends = new Recorder(3);
        final Recorder reads = new Recorder(3);
        final Recorder turnTimes = new Recorder(3);
        final Histogram a = new Histogram(3);
        final Histogram r = new Histogram(3);
        final Histogram t = new Histogram(3);
        final List<Double> perRound = new ArrayList<>();
        long cpuNanos;
        long turnsDone;
        final LongAdder errors = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();

        Entrant(String name, Contender contender, int agents) throws Exception {
            this.name = name;
            this.contender = contender;
            for (int i = 0; i < agents; i++) {
                loops.add(contender.agent(i));
            }
            turnOfAgent = new int[agents];
        }

        /** Runs every agent for {@code seconds}; returns turns per second. */
        double round(double seconds, int length) throws InterruptedException {
            long cpuBefore = processCpuNanos();
            LongAdder turns = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < loops.size(); i++) {
                int agent = i;
                Contender.AgentLoop loop = loops.get(i);
                Thread thread = new Thread(() -> {
                    int turn = turnOfAgent[agent];
                    while (running.get()) {
                        try {
                            if (turn % length == 0) {
                                loop.newConversation();
                            }
                            long start = System.nanoTime();
                            loop.turn(turn, nanos -> appends.recordValue(Math.max(1, nanos)));
                            long written = System.nanoTime();
                            turnTimes.recordValue(written - start);
                            loop.readRecent();
                            reads.recordValue(Math.max(1, System.nanoTime() - written));
                            turns.increment();
                            turn = (turn + 1) % length;
                        } catch (Exception e) {
                            errors.increment();
                            firstError.compareAndSet(null, e.toString());
                            turn = 0; // a fresh conversation
                        }
                    }
                    turnOfAgent[agent] = turn;
                }, name + "-agent-" + i);
                threads.add(thread);
            }
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            Thread.sleep((long) (seconds * 1000));
            running.set(false);
            long done = turns.sum();
            double elapsed = (System.nanoTime() - start) / 1e9;
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            lastCpuNanos = processCpuNanos() - cpuBefore;
            lastTurns = turns.sum();
            return done / elapsed;
        }

        long lastCpuNanos;
        long lastTurns;

        void keep(double turnsPerSecond) {
            perRound.add(turnsPerSecond);
            cpuNanos += lastCpuNanos;
            turnsDone += lastTurns;
            a.add(appends.getIntervalHistogram());
            r.add(reads.getIntervalHistogram());
            t.add(turnTimes.getIntervalHistogram());
        }

        void discard() {
            appends.reset();
            reads.reset();
            turnTimes.reset();
            errors.reset();
        }
    }

    /**
     * Every contender of one (database, agents, length) point: each is opened on a fresh database
     * and warmed up, then the measured rounds alternate between them, so that a slow spell of a
     * shared machine falls on all of them rather than on one.
     */
    private static List<Result> trial(BenchDatabases databases, BenchDatabases.Kind kind, String db, List<String> contenders,
                                      int agents, int length, double warmup, double seconds, int rounds) throws Exception {
        List<Entrant> entrants = new ArrayList<>();
        try {
            for (String name : contenders) {
                entrants.add(new Entrant(name, databases.open(kind, name, length), agents));
            }
            for (Entrant e : entrants) {
                e.round(warmup, length);
                e.discard();
            }
            for (int i = 0; i < rounds; i++) {
                for (Entrant e : entrants) {
                    e.keep(e.round(seconds, length));
                }
            }
            List<Result> results = new ArrayList<>();
            for (Entrant e : entrants) {
                double[] sorted = e.perRound.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                Result result = new Result(db, e.name, agents, length, sorted[rounds / 2], sorted[0], sorted[rounds - 1],
                        e.turnsDone == 0 ? Double.NaN : e.cpuNanos / 1e6 / e.turnsDone, e.a, e.r, e.t, e.errors.sum(),
                        e.firstError.get());
                System.out.println(result.line());
                results.add(result);
            }
            return results;
        } finally {
            for (Entrant e : entrants) {
                e.contender.close();
            }
        }
    }

    /** The whole JVM's CPU time: one contender runs at a time, so a round's delta is its own (plus JIT and GC). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
