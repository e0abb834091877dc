package io.cistern.jdbc;

import io.cistern.pool.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters named like HikariCP's with the prefix {@code cistern} instead of
 * {@code hikaricp} ({@code cistern.connections.acquire}, {@code .usage}, {@code .creation},
 * {@code .timeout}, and the gauges {@code cistern.connections}, {@code .idle}, {@code .active},
 * {@code .pending}, {@code .max}, {@code .min}), tagged {@code pool}; so a HikariCP dashboard
 * works after a prefix change. Loaded only when a registry is configured.
 */
final class MicrometerPoolMetrics implements PoolMetricsBinding {
    static final String PREFIX = "cistern.connections";
    private static final String POOL_TAG = "pool";

    private final MeterRegistry registry;
    private final String poolName;
    private final Timer acquire;
    private final Timer usage;
    private final Timer creation;
    private final Counter timeouts;
    private final List<Meter> meters = new ArrayList<>();

    private MicrometerPoolMetrics(MeterRegistry registry, String poolName) {
        this.registry = registry;
        this.poolName = poolName;
        this.acquire = register(Timer.builder(PREFIX + ".acquire").description("Connection acquire time")
                .tag(POOL_TAG, poolName).register(registry));
        this.usage = register(Timer.builder(PREFIX + ".usage").description("Connection usage time")
                .tag(POOL_TAG, poolName).register(registry));
        this.creation = register(Timer.builder(PREFIX + ".creation").description("Connection creation time")
                .tag(POOL_TAG, poolName).register(registry));
        this.timeouts = register(Counter.builder(PREFIX + ".timeout").description("Connection timeout total count")
                .tag(POOL_TAG, poolName).register(registry));
    }

    /** Declared to return the interface, so callers never load Micrometer classes unless this runs. */
    static PoolMetricsBinding create(Object registry, String poolName) {
        return new MicrometerPoolMetrics((MeterRegistry) registry, poolName);
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void bindGauges(Supplier<PoolStats> stats) {
        gauge("", "Total connections", stats, s -> s.total());
        gauge(".idle", "Idle connections", stats, s -> s.idle());
        gauge(".active", "Active connections", stats, s -> s.active());
        gauge(".pending", "Pending threads", stats, s -> s.waiting());
        gauge(".max", "Max connections", stats, s -> s.maxSize());
        gauge(".min", "Min connections", stats, s -> s.minIdle());
    }

    @Override
    public void bindHealth(java.util.function.IntSupplier health) {
        register(Gauge.builder(PREFIX + ".health", health, h -> h.getAsInt())
                .description("Pool health by the monitor: 0 healthy, 1 degraded, 2 unhealthy").tag(POOL_TAG, poolName)
                .strongReference(true) // Micrometer holds a gauge's object weakly; nothing else holds this lambda
                .register(registry));
    }

    private void gauge(String suffix, String description, Supplier<PoolStats> stats, ToDoubleFunction<PoolStats> value) {
        register(Gauge.builder(PREFIX + suffix, stats, s -> value.applyAsDouble(s.get()))
                .description(description).tag(POOL_TAG, poolName)
                .strongReference(true) // held weakly otherwise, and the caller's method reference is held by nothing else
                .register(registry));
    }

    @Override
    public void acquired(long waitNanos) {
        acquire.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void released(long heldNanos) {
        usage.record(heldNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void created(long creationNanos) {
        creation.record(creationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void timedOut() {
        timeouts.increment();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
