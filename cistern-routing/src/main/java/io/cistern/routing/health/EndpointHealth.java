package io.cistern.routing.health;

import io.cistern.jdbc.breaker.BreakerStats;
import java.time.Duration;
import java.time.Instant;

/**
 * The state of one endpoint, as the last health check and the traffic through it left it.
 *
 * @param name the endpoint's name
 * @param url its JDBC URL, with secrets masked
 * @param local whether it is the preferred (local) endpoint of a hybrid cluster
 * @param role its role
 * @param up whether its last health check succeeded
 * @param breaker its circuit breaker's state and counters
 * @param poolTotal connections open or opening
 * @param poolActive connections lent out
 * @param poolIdle connections ready to lend
 * @param poolWaiting callers waiting on its pool
 * @param latency smoothed round trip of its health-check query (exponential moving average); zero until its
 *     second answer (the first carries the connection's and the JVM's warm-up and is not counted)
 * @param recentErrors failures seen recently (connect failures, fatal errors, failed checks), decaying with a 30 s half-life
 * @param lastError the last failure, or {@code null}
 * @param readsServed connections handed out for reads
 * @param writesServed connections handed out for writes (the pool's leases less reads and health checks: exact when no request is in flight)
 * @param lastCheck when it was last checked, or {@code null} before the first check
 */
public record EndpointHealth(String name, String url, boolean local, Role role, boolean up, BreakerStats breaker,
                             int poolTotal, int poolActive, int poolIdle, int poolWaiting,
                             Duration latency, double recentErrors, String lastError,
                             long readsServed, long writesServed, Instant lastCheck) {
}
