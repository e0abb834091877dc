package io.cistern.jdbc;

import io.cistern.pool.PoolListener;
import io.cistern.pool.PoolStats;
import java.util.function.Supplier;

/** A metrics system attached to one pool: timings through {@link PoolListener}, gauges from the stats. */
interface PoolMetricsBinding extends PoolListener, AutoCloseable {

    /** @param stats the pool's statistics, read whenever a gauge is scraped */
    void bindGauges(Supplier<PoolStats> stats);

    /** @param health the monitor's health as 0 (healthy), 1 (degraded), 2 (unhealthy), read when scraped */
    void bindHealth(java.util.function.IntSupplier health);

    /** Removes the pool's meters. */
    @Override
    void close();
}
