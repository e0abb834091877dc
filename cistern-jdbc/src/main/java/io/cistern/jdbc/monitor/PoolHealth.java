package io.cistern.jdbc.monitor;

/** A pool's health by {@link HealthRule}, best first. */
public enum PoolHealth {
    /** Callers are served without waiting long, nothing is failing. */
    HEALTHY,
    /** Serving, but callers queue for a connection, time out, or connections fail to open. */
    DEGRADED,
    /** Not serving: no connection can be opened, every request in the interval timed out, or the pool is closed. */
    UNHEALTHY
}
