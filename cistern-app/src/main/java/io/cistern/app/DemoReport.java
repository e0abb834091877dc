package io.cistern.app;

import io.cistern.cache.CacheStats;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.store.StoreStatistics;
import io.cistern.pool.PoolStats;
import io.cistern.pool.limit.LimiterStats;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.EndpointHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The figures at the end of a demo, as a plain-text table. */
record DemoReport(int agents, long elapsedNanos, OperationTimes times, StoreStatistics store,
                  Map<String, PoolStats> pools, ClusterHealth cluster, LimiterStats limiter, CacheStats cache,
                  String database, Path sqliteFile) {

    String render() {
        StringBuilder out = new StringBuilder();
        double seconds = elapsedNanos / 1e9;
        long ops = times.operations();
        long turns = times.histograms().containsKey("append_prompt") ? times.histograms().get("append_prompt").getTotalCount() : 0;
        long failures = times.failures().values().stream().mapToLong(Long::longValue).sum();
        line(out, "");
        line(out, "Cistern demo: %d agents, %.1f s, %s", agents, seconds, database);
        line(out, "Throughput: %,d operations (%,.0f ops/s), %,d conversation turns (%,.0f turns/s), %,d failed",
                ops, ops / seconds, turns, turns / seconds, failures);
        line(out, "");
        line(out, "%-16s %10s %9s %9s %9s %9s %9s %9s %7s", "operation", "count", "ops/s", "p50 ms", "p90 ms", "p99 ms",
                "p99.9 ms", "max ms", "failed");
        times.histograms().forEach((op, h) -> line(out, "%-16s %,10d %,9.0f %9.3f %9.3f %9.3f %9.3f %9.3f %,7d", op,
                h.getTotalCount(), h.getTotalCount() / seconds, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0, times.failures().getOrDefault(op, 0L)));
        times.failures().forEach((op, n) -> {
            if (!times.histograms().containsKey(op)) {
                line(out, "%-16s %10d %9s %9s %9s %9s %9s %9s %,7d", op, 0, "-", "-", "-", "-", "-", "-", n);
            }
        });
        if (times.firstFailure() != null) {
            line(out, "first failure: %s", times.firstFailure());
        }
        line(out, "");
        StringBuilder kinds = new StringBuilder();
        for (NodeKind k : NodeKind.values()) {
            kinds.append(String.format(Locale.ROOT, "%s %,d  ", k.code(), store.nodes().get(k)));
        }
        line(out, "Store:   %,d nodes (%s), %,d edges, %,d logged operations, %.1f MiB", store.totalNodes(),
                kinds.toString().trim(), store.totalEdges(), store.operations(), store.storageBytes() / 1048576.0);
        pools.forEach((name, p) -> line(out,
                "Pool %-8s size %d, %,d acquisitions, %,d timeouts, peak %d active, wait mean %s max %s",
                name + ":", p.maxSize(), p.acquisitions(), p.timeouts(), p.peakActive(), duration(p.meanAcquireWait()),
                duration(p.maxAcquireWait())));
        if (cluster != null) {
            line(out, "Cluster: %s, writes to %s", cluster.status(), cluster.writeEndpoint());
            for (EndpointHealth e : cluster.endpoints()) {
                line(out, "Host %-20s %s, %s, pool %d (%d active), %,d writes, %,d reads served", e.name() + ":", e.role(),
                        e.up() ? "up" : "down", e.poolTotal(), e.poolActive(), e.writesServed(), e.readsServed());
            }
        }
        line(out, "Limiter: max %d, %,d total, %,d succeeded, %,d failed, %,d timeouts, %d active, peak %d, wait mean %s max %s",
                limiter.maxConcurrent(), limiter.total(), limiter.succeeded(), limiter.failed(), limiter.timeouts(),
                limiter.active(), limiter.peakActive(), duration(limiter.meanWait()),
                duration(Duration.ofNanos(limiter.maxWaitNanos())));
        line(out, "Cache:   %,d requests, %,d hits, %,d misses, hit rate %.1f %%, %,d evictions, %,d loads, load mean %s",
                cache.requests(), cache.hits(), cache.misses(), cache.hitRate() * 100, cache.evictions(), cache.loads(),
                duration(cache.averageLoadTime()));
        line(out, "Data:    %s", sqliteFile != null ? sqliteFile : database);
        return out.toString();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String duration(Duration d) {
        long micros = d.toNanos() / 1000;
        return micros < 1000 ? micros + " µs" : String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
