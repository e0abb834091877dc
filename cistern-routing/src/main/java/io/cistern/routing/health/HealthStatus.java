package io.cistern.routing.health;

/** The overall verdict on a cluster of endpoints. */
public enum HealthStatus {
    /** Every endpoint answers its checks and its breaker is closed. */
    HEALTHY,
    /** Reads and writes are served, but at least one endpoint is down, or reads fell back to the primary. */
    DEGRADED,
    /** Writes cannot be served: no reachable endpoint takes them. */
    UNHEALTHY
}
