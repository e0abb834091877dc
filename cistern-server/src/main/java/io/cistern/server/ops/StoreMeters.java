package io.cistern.server.ops;

import io.cistern.memory.store.MemoryStore;
import io.cistern.pool.PoolStats;
import io.cistern.pool.limit.LimiterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The store's pools, limiter and cache as Micrometer meters, read from the store's own counters
 * when scraped ({@code cistern.pool.*} by role, {@code cistern.limiter.*}, {@code cistern.cache.*}).
 */
public final class StoreMeters {

    private StoreMeters() {
    }

    /** Registers the meters of {@code store} on {@code registry}. */
    public static void bind(MeterRegistry registry, MemoryStore store) {
        for (String role : store.poolStats().keySet()) {
            pool(registry, store, role, "active", PoolStats::active);
            pool(registry, store, role, "idle", PoolStats::idle);
            pool(registry, store, role, "total", PoolStats::total);
            pool(registry, store, role, "max", PoolStats::maxSize);
            pool(registry, store, role, "waiting", PoolStats::waiting);
            FunctionCounter.builder("cistern.pool.timeouts", store, s -> stat(s, role, PoolStats::timeouts))
                    .tag("role", role).register(registry);
            FunctionCounter.builder("cistern.pool.acquisitions", store, s -> stat(s, role, PoolStats::acquisitions))
                    .tag("role", role).register(registry);
        }
        limiter(registry, store, "active", LimiterStats::active);
        limiter(registry, store, "waiting", LimiterStats::waiting);
        limiter(registry, store, "max", LimiterStats::maxConcurrent);
        FunctionCounter.builder("cistern.limiter.timeouts", store, s -> s.limiterStats().timeouts()).register(registry);
        FunctionCounter.builder("cistern.limiter.operations", store, s -> s.limiterStats().total()).register(registry);
        FunctionCounter.builder("cistern.cache.hits", store, s -> s.cacheStats().hits()).register(registry);
        FunctionCounter.builder("cistern.cache.misses", store, s -> s.cacheStats().misses()).register(registry);
        Gauge.builder("cistern.cache.hit.ratio", store, s -> s.cacheStats().hitRate()).register(registry);
    }

    private static void pool(MeterRegistry registry, MemoryStore store, String role, String name,
                             ToDoubleFunction<PoolStats> value) {
        Gauge.builder("cistern.pool." + name, store, s -> stat(s, role, value)).tag("role", role).register(registry);
    }

    private static void limiter(MeterRegistry registry, MemoryStore store, String name, ToDoubleFunction<LimiterStats> value) {
        Gauge.builder("cistern.limiter." + name, store, s -> value.applyAsDouble(s.limiterStats())).register(registry);
    }

    private static double stat(MemoryStore store, String role, ToDoubleFunction<PoolStats> value) {
        PoolStats p = store.poolStats().get(role);
        return p == null ? Double.NaN : value.applyAsDouble(p);
    }
}
