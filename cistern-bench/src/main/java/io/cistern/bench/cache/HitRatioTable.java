package io.cistern.bench.cache;

import io.cistern.cache.trace.Replay;
import io.cistern.cache.trace.Trace;
import io.cistern.cache.trace.TraceDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Replays every shared trace through every policy at a few sizes and prints the hit ratios as a
 * Markdown table. The OLTP trace is replayed at the sizes of the ARC paper's table so the LRU column
 * can be checked against it; the others at 5 %, 10 % and 25 % of their distinct keys. Each miss puts
 * the key and then lets Caffeine finish its eviction (see {@link BenchedCache.Operations}); without
 * that, its asynchronous eviction lets a cache of a few dozen entries hold hundreds for a moment,
 * and small traces then score above the offline optimum.
 *
 * <p>Run: {@code java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.cache.HitRatioTable [trace-folder]}
 */
public final class HitRatioTable {

    private static final int[] OLTP_SIZES = {1_000, 2_000, 5_000, 10_000, 15_000};
    private static final double[] SHARES_OF_DISTINCT_KEYS = {0.05, 0.10, 0.25};
    /** Same policy as WINDOW_TINY_LFU, so it would only repeat that column. */
    private static final Set<BenchedCache> COLUMNS = EnumSet.complementOf(EnumSet.of(BenchedCache.CAFFEINE_VARIABLE_EXPIRY,
            BenchedCache.CAFFEINE_WITH_STATS, BenchedCache.CAFFEINE_WRITE_STAMP));

    private HitRatioTable() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = args.length > 0 ? Paths.get(args[0])
                : TraceDirectory.locate().orElseThrow(() -> new IllegalStateException(
                        "no trace folder: pass it as the argument or run from the repository"));
        StringBuilder header = new StringBuilder("| trace | requests | distinct keys | cache size | optimum | optimum with bypass |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|---:|");
        for (BenchedCache cache : COLUMNS) {
            header.append(' ').append(cache.name()).append(" |");
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        List<Path> files = TraceDirectory.traceFiles(directory);
        for (Path file : files) {
            Trace trace = Trace.read(file);
            long distinct = trace.distinctKeys();
            for (int size : sizes(trace, distinct)) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s | %s |",
                        trace.name(), trace.keys().length, distinct, size,
                        percent(BeladyOptimum.hits(trace, size, false), trace),
                        percent(BeladyOptimum.hits(trace, size, true), trace)));
                for (BenchedCache cache : COLUMNS) {
                    BenchedCache.Operations operations = cache.create(size);
                    long hits = Replay.hits(trace, key -> {
                        Long boxed = key;
                        if (operations.get().apply(boxed) != null) {
                            return true;
                        }
                        operations.put().accept(boxed, boxed);
                        operations.settle().run();
                        return false;
                    });
                    row.append(' ').append(percent(hits, trace)).append(" |");
                }
                System.out.println(row);
            }
        }
    }

    private static int[] sizes(Trace trace, long distinct) {
        if (trace.name().equals("OLTP")) {
            return OLTP_SIZES;
        }
        int[] sizes = new int[SHARES_OF_DISTINCT_KEYS.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = (int) Math.max(1, Math.round(distinct * SHARES_OF_DISTINCT_KEYS[i]));
        }
        return sizes;
    }

    private static String percent(long hits, Trace trace) {
        return String.format(Locale.ROOT, "%.2f %%", 100.0 * hits / trace.keys().length);
    }
}
