package io.cistern.routing;

import io.cistern.jdbc.firststatement.ConnectionRouter;
import io.cistern.pool.AcquireTimeoutException;
import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.CircuitBreaker;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.EndpointHealth;
import io.cistern.routing.health.HealthStatus;
import io.cistern.routing.health.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the endpoint for each connection: by role (writes to the primary, reads to replicas,
 * falling back to the primary), by mode (a hybrid cluster's local endpoint first), by the load
 * balancing strategy within a tier, and by circuit breaker. Never waits on an endpoint whose
 * breaker is open, and never longer than {@code endpointTimeout} on one whose breaker has not
 * opened yet: then it counts the failure and tries the next candidate.
 */
final class EndpointRouter implements ConnectionRouter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EndpointRouter.class);
    private static final Endpoint[][] NO_TIERS = new Endpoint[0][];

    private final ClusterConfig config;
    private final Endpoint[] endpoints;
    private final Balancer balancer;
    private final boolean rolesDetected;
    private final long connectionTimeoutNanos;
    private final long endpointTimeoutNanos;
    private final HealthMonitor monitor;

    private final ReentrantLock topologyLock = new ReentrantLock();
    private volatile Topology topology;
    /**
     * The endpoint every write goes to while it is the only candidate, its breaker is closed and
     * keeps no failure-rate window; null otherwise. A write then skips the choice (topology tiers,
     * balancer, breaker permission): a chain of dependent reads that cost a local cluster about
     * 8 ns per acquire over a plain pool. Recomputed under {@link #topologyLock} whenever the
     * topology or a breaker changes, so the last value written reflects the latest of both.
     */
    private volatile Endpoint soleWriter;
    private final AtomicLong writeTargetChanges = new AtomicLong();
    private final AtomicLong demotionsEvicted = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    EndpointRouter(ClusterConfig config) {
        this.config = config;
        this.balancer = Balancer.of(config.loadBalancing());
        this.rolesDetected = config.roleQuery() != null;
        this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
        this.endpointTimeoutNanos = config.endpointTimeout().toNanos();
        List<EndpointSpec> specs = config.endpoints();
        this.endpoints = new Endpoint[specs.size()];
        this.monitor = new HealthMonitor(config, this);
        CircuitBreaker.StateListener breakerLog = this::breakerChanged;
        try {
            for (int i = 0; i < endpoints.length; i++) {
                Endpoint[] self = new Endpoint[1];
                endpoints[i] = new Endpoint(i, specs.get(i), config, breakerLog, () -> monitor.checkSoon(self[0]));
                self[0] = endpoints[i];
            }
        } catch (RuntimeException e) {
            closeEndpoints();
            throw e;
        }
        this.topology = new Topology(null, NO_TIERS, NO_TIERS);
        updateSoleWriter();
        monitor.start(endpoints);
        log.info("Cluster '{}' started: {}", config.name(), describe(topology));
    }

    Endpoint[] endpoints() {
        return endpoints;
    }

    @Override
    public Connection connectionFor(boolean readOnly) throws SQLException {
        Topology seen = topology;
        Endpoint[][] tiers = readOnly ? seen.readTiers() : seen.writeTiers();
        // One candidate with a closed breaker: on the first attempt nothing to choose and no
        // permission to ask for; the checks after the acquire are the same either way.
        Endpoint sole = readOnly ? null : soleWriter;
        long failed = 0;
        long busy = 0;
        long deadline = 0;
        SQLException last = null;
        for (;;) {
            Endpoint e = sole != null && (failed | busy) == 0 ? sole : pick(tiers, failed | busy);
            if (e == null) {
                if (busy != 0 && System.nanoTime() < deadline) {
                    // Only saturated endpoints are left: queue on them again until the deadline.
                    busy = 0;
                    continue;
                }
                throw unavailable(readOnly, last, busy != 0);
            }
            try {
                Connection c = e.pool.getConnection();
                Topology now = topology;
                if (now != seen) {
                    // The roles changed while this request waited for the connection (a failover
                    // under way): serve it only if the endpoint still has its place, so a write
                    // that waited on the old primary's pool never lands there when it comes back.
                    seen = now;
                    tiers = readOnly ? now.readTiers() : now.writeTiers();
                    if (!contains(tiers, e)) {
                        e.breaker.releasePermission();
                        e.leasedForNoRequest();
                        c.close();
                        failed |= e.bit;
                        continue;
                    }
                }
                if (e.breaker.countsEveryCall() || e.breaker.state() != BreakerState.CLOSED) {
                    // A half-open probe that got a (validated) connection: the endpoint is back.
                    e.breaker.onSuccess();
                }
                if (readOnly) {
                    e.servedRead();
                }
                return c;
            } catch (SQLTransientConnectionException timedOut) {
                if (deadline == 0) {
                    // The first wait is over already; the deadline counts from the request's start.
                    deadline = System.nanoTime() + connectionTimeoutNanos - endpointTimeoutNanos;
                }
                last = timedOut;
                if (timedOut.getCause() instanceof AcquireTimeoutException) {
                    // The pool was saturated but can connect: a busy endpoint, not a failing one.
                    e.breaker.releasePermission();
                    busy |= e.bit;
                } else {
                    e.failed(timedOut);
                    failed |= e.bit;
                    log.debug("Cluster '{}': endpoint {} failed to give a connection; trying the next", config.name(), e.name(), timedOut);
                }
            } catch (SQLException | RuntimeException other) {
                e.breaker.releasePermission();
                throw other;
            }
        }
    }

    private static boolean contains(Endpoint[][] tiers, Endpoint e) {
        for (Endpoint[] tier : tiers) {
            for (Endpoint x : tier) {
                if (x == e) {
                    return true;
                }
            }
        }
        return false;
    }

    private Endpoint pick(Endpoint[][] tiers, long excluded) {
        for (Endpoint[] tier : tiers) {
            Endpoint e = balancer.pick(tier, excluded);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private SQLException unavailable(boolean readOnly, SQLException last, boolean saturated) {
        String what = readOnly ? "reads" : "writes";
        String message = "Cluster '" + config.name() + "': " + (saturated
                ? "no connection for " + what + " within " + config.connectionTimeout().toMillis() + " ms; every endpoint is saturated"
                : "no endpoint can serve " + what + " now") + " [" + describe(topology) + "]"
                + (last != null ? "; last failure: " + last.getMessage() : "");
        return new SQLTransientConnectionException(message, "08001", last);
    }

    private String describe(Topology t) {
        StringBuilder b = new StringBuilder();
        for (Endpoint e : endpoints) {
            b.append(b.length() == 0 ? "" : "; ").append(e.name()).append(": ").append(e.role())
                    .append(e == t.writeTarget() ? " (writes)" : "")
                    .append(", breaker ").append(e.breaker.state());
        }
        return b.toString();
    }

    private void breakerChanged(CircuitBreaker breaker, BreakerState from, BreakerState to, Throwable cause) {
        updateSoleWriter();
        if (to == BreakerState.OPEN) {
            log.warn("Cluster '{}': circuit breaker of {} {} -> OPEN for {} ms; cause: {}", config.name(), breaker.name(),
                    from, breaker.config().waitInOpenState().toMillis(), cause == null ? "forced" : cause.toString());
        } else {
            log.info("Cluster '{}': circuit breaker of {} {} -> {}", config.name(), breaker.name(), from, to);
        }
    }

    private void updateSoleWriter() {
        topologyLock.lock();
        try {
            Endpoint[][] tiers = topology.writeTiers();
            Endpoint sole = null;
            if (tiers.length == 1 && tiers[0].length == 1) {
                Endpoint e = tiers[0][0];
                if (e.breaker.state() == BreakerState.CLOSED && !e.breaker.countsEveryCall()) {
                    sole = e;
                }
            }
            soleWriter = sole;
        } finally {
            topologyLock.unlock();
        }
    }

    /** Called by the monitor when a check found a new role. */
    void roleChanged(Endpoint e, Role before, Role after) {
        if (before == Role.PRIMARY && after == Role.REPLICA) {
            log.warn("Cluster '{}': {} was demoted to a replica; evicting its connections", config.name(), e.name());
            e.pool.softEvictConnections();
            demotionsEvicted.incrementAndGet();
        } else {
            log.info("Cluster '{}': {} is {} (was {})", config.name(), e.name(), after, before);
        }
    }

    /** Recomputes which endpoints serve reads and writes from the roles the checks found. */
    void refreshTopology() {
        topologyLock.lock();
        try {
            Topology old = topology;
            Topology next = rolesDetected ? byRole(old.writeTarget()) : withoutRoles();
            if (next.writeTarget() != old.writeTarget()) {
                moveWrites(old.writeTarget(), next.writeTarget());
            }
            if (!sameTiers(old, next)) {
                topology = next;
                updateSoleWriter();
                log.info("Cluster '{}': routing now {}", config.name(), describe(next));
            }
        } finally {
            topologyLock.unlock();
        }
    }

    private void moveWrites(Endpoint from, Endpoint to) {
        if (from != null) {
            // Fenced: however it answers later, it takes writes again only after it has been
            // seen as a replica (rejoined), so a stale primary never wins back the writes when
            // the new primary misses a check.
            from.fenced = from.role() != Role.REPLICA;
            writeTargetChanges.incrementAndGet();
            log.warn("Cluster '{}': writes move from {} to {}; evicting {}'s connections", config.name(), from.name(),
                    to == null ? "nowhere (no primary is known)" : to.name(), from.name());
            from.pool.softEvictConnections();
            demotionsEvicted.incrementAndGet();
        } else if (to != null) {
            log.info("Cluster '{}': writes go to {}", config.name(), to.name());
        }
    }

    private Topology byRole(Endpoint target) {
        for (Endpoint e : endpoints) {
            if (e.role() == Role.REPLICA) {
                e.fenced = false; // it rejoined as a replica: a later promotion may give it the writes
            }
        }
        return Topology.of(Topology.byRole(standings(), target == null ? -1 : target.index), endpoints);
    }

    private Topology withoutRoles() {
        return Topology.of(Topology.withoutRoles(standings()), endpoints);
    }

    private Topology.Standing[] standings() {
        Topology.Standing[] standings = new Topology.Standing[endpoints.length];
        for (int i = 0; i < endpoints.length; i++) {
            Endpoint e = endpoints[i];
            standings[i] = new Topology.Standing(e.role(), isAvailable(e), e.spec.local(), e.fenced);
        }
        return standings;
    }

    private static boolean isAvailable(Endpoint e) {
        return e.isUp() && e.breaker.state() != BreakerState.OPEN;
    }

    private static boolean sameTiers(Topology a, Topology b) {
        return a.writeTarget() == b.writeTarget() && java.util.Arrays.deepEquals(a.readTiers(), b.readTiers())
                && java.util.Arrays.deepEquals(a.writeTiers(), b.writeTiers());
    }

    ClusterHealth health() {
        Topology t = topology;
        List<EndpointHealth> list = new ArrayList<>(endpoints.length);
        boolean allWell = true;
        boolean writable = false;
        for (Endpoint e : endpoints) {
            EndpointHealth h = e.health();
            list.add(h);
            // A second server claiming to be primary (split brain after a failover) is not well
            // even if it answers: it must not take writes, and its data may have diverged.
            boolean stalePrimary = rolesDetected && e.role() == Role.PRIMARY && e != t.writeTarget();
            boolean well = h.up() && h.breaker().state() == BreakerState.CLOSED && !stalePrimary;
            allWell &= well;
            if (well && (rolesDetected ? e == t.writeTarget() : true)) {
                writable = true;
            }
        }
        HealthStatus status = !writable ? HealthStatus.UNHEALTHY : allWell ? HealthStatus.HEALTHY : HealthStatus.DEGRADED;
        Endpoint target = t.writeTarget();
        String writeEndpoint = rolesDetected ? (target == null ? null : target.name()) : null;
        return new ClusterHealth(status, writeEndpoint, List.copyOf(list), writeTargetChanges.get(), demotionsEvicted.get());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        monitor.close();
        closeEndpoints();
        log.info("Cluster '{}' closed", config.name());
    }

    private void closeEndpoints() {
        for (Endpoint e : endpoints) {
            if (e != null) {
                e.close();
            }
        }
    }

    @Override
    public String toString() {
        return "EndpointRouter{" + config.name() + ": " + describe(topology) + '}';
    }
}
