package io.cistern.bench.cache;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * CPU nanoseconds one thread spends per get/put operation of {@link CacheThroughputBenchmark}'s
 * workload, for each cache. A diagnostic beside the JMH benchmark, not instead of it: the thread's
 * own CPU time does not grow when other processes or the hypervisor take the core, so it stays
 * comparable where JMH's wall-clock throughput swings by a factor of two between forks.
 * Single-threaded only, so it says nothing about contention.
 *
 * <p>Run each cache in its own JVM for figures to compare: in one JVM the code measured first is
 * compiled for that cache alone, and the later ones run on code compiled for several.
 *
 * <pre>java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.cache.CpuPerOperation [caches [read percents]]</pre>
 */
public final class CpuPerOperation {
    private static final int OPERATIONS = 4_000_000;
    private static final int SEQUENCE_LENGTH = 1 << 20;

    private CpuPerOperation() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String caches = args.length > 0 ? args[0] : "WINDOW_TINY_LFU,CAFFEINE,CAFFEINE_WITH_STATS";
        String readPercents = args.length > 1 ? args[1] : "100,75,25";
        Long[] keys = ZipfKeys.draw(SEQUENCE_LENGTH, CacheThroughputBenchmark.DISTINCT_KEYS, 0.99, 42);
        System.out.println("| cache | " + readPercents.replace(",", " % reads, ns CPU | ") + " % reads, ns CPU |");
        System.out.println("|---|" + "---:|".repeat(readPercents.split(",").length));
        for (String name : caches.split(",")) {
            StringBuilder row = new StringBuilder("| " + name + " |");
            for (String readPercent : readPercents.split(",")) {
                boolean[] isRead = reads(Integer.parseInt(readPercent));
                BenchedCache.Operations operations = BenchedCache.valueOf(name)
                        .create(CacheThroughputBenchmark.MAXIMUM_SIZE);
                for (Long key : keys) {
                    if (operations.get().apply(key) == null) {
                        operations.put().accept(key, key);
                    }
                }
                row.append(String.format(" %.1f |", best(threads, operations, keys, isRead)));
            }
            System.out.println(row);
        }
    }

    private static boolean[] reads(int readPercent) {
        SplittableRandom random = new SplittableRandom(7);
        boolean[] isRead = new boolean[SEQUENCE_LENGTH];
        for (int i = 0; i < SEQUENCE_LENGTH; i++) {
            isRead[i] = random.nextInt(100) < readPercent;
        }
        return isRead;
    }

    /** Best of seven measured rounds after five warm-up rounds: the least disturbed one. */
    private static double best(ThreadMXBean threads, BenchedCache.Operations operations, Long[] keys,
            boolean[] isRead) {
        long sink = 0;
        for (int i = 0; i < 5; i++) {
            sink += run(operations, keys, isRead, i * 7919);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += run(operations, keys, isRead, i * 104729);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / (double) OPERATIONS);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    private static long run(BenchedCache.Operations operations, Long[] keys, boolean[] isRead, int offset) {
        long sink = 0;
        int mask = SEQUENCE_LENGTH - 1;
        for (int n = 0; n < OPERATIONS; n++) {
            int i = (offset + n) & mask;
            Long key = keys[i];
            if (isRead[i]) {
                Long value = operations.get().apply(key);
                sink += value == null ? 0 : 1;
            } else {
                operations.put().accept(key, key);
            }
        }
        return sink;
    }
}
