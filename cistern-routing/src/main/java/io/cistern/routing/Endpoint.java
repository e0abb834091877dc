package io.cistern.routing;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import io.cistern.jdbc.Secrets;
import io.cistern.jdbc.SqlExceptionClassifier;
import io.cistern.pool.PoolStats;
import io.cistern.jdbc.breaker.CircuitBreaker;
import io.cistern.routing.health.EndpointHealth;
import io.cistern.routing.health.Role;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One database server of a cluster: its pool, its circuit breaker, its role and what the health
 * checks and the traffic taught about it. The fields the routing hot path reads ({@link #breaker},
 * {@link #bit}, {@link #score}) are read without locks; everything else changes off the hot path.
 */
final class Endpoint {
    /** Half-life of the recent-failure count. */
    private static final long ERROR_HALF_LIFE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** What one recent failure adds to a health-based score: 10 ms of latency. */
    private static final long FAILURE_PENALTY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Weight of the newest health-check latency in the moving average. */
    private static final double LATENCY_WEIGHT = 0.3;

    final int index;
    /** This endpoint's bit in the masks a request uses to remember endpoints it has tried. */
    final long bit;
    final EndpointSpec spec;
    final String maskedUrl;
    final CircuitBreaker breaker;
    final CisternDataSource pool;

    private volatile Role role;
    /**
     * Writes moved away from this endpoint; it may not take them back until it has been seen as
     * a replica. Written by the router only.
     */
    volatile boolean fenced;
    private volatile boolean up;
    private volatile Instant lastCheck;
    private volatile long latencyNanos;
    /** Checks answered; written by the monitor only, one check at a time per endpoint. */
    private int answered;
    private volatile String lastError;
    /** Health-based score, refreshed on every check and failure so the hot path reads one field. */
    private volatile long score;

    private final ReentrantLock errorLock = new ReentrantLock();
    private double recentErrors;
    private long recentErrorsAtNanos = System.nanoTime();

    /**
     * Connections served for reads. Writes are not counted as they happen: they are the pool's
     * leases less these, less {@link #notServing}; the pool counts its leases at no cost to an
     * acquire, and a striped counter bumped on every request was most of what routing added to
     * one (RoutingAcquireBenchmark). Reads through a replica pay for their counter.
     */
    private final LongAdder readsServed = new LongAdder();
    /** Leases of this endpoint's pool that served no request: health checks, and connections given back unused. */
    private final LongAdder notServing = new LongAdder();

    Endpoint(int index, EndpointSpec spec, ClusterConfig cluster, CircuitBreaker.StateListener breakerListener,
             Runnable demotionSuspected) {
        this.index = index;
        this.bit = 1L << index;
        this.spec = spec;
        this.maskedUrl = Secrets.maskUrl(spec.jdbcUrl());
        this.role = cluster.roleQuery() == null ? Role.ANY : Role.UNKNOWN;
        this.breaker = new CircuitBreaker(spec.name(), cluster.circuitBreaker(), breakerListener);
        // The user's own classifier is only readable from a built configuration: build once to
        // learn it, then again with ours wrapped around it.
        SqlExceptionClassifier users = poolConfig(cluster, null).exceptionClassifier();
        this.pool = new CisternDataSource(poolConfig(cluster, new EndpointErrorClassifier(this, users, demotionSuspected)));
    }

    private CisternConfig poolConfig(ClusterConfig cluster, SqlExceptionClassifier classifier) {
        // Validation must fit in the endpoint's wait; set first so that a user's explicit value wins.
        CisternConfig.Builder b = CisternConfig.builder().validationTimeout(cluster.endpointTimeout().toMillis());
        cluster.pool().accept(b);
        b.jdbcUrl(spec.jdbcUrl())
                .discipline(CisternConfig.PLAIN) // one endpoint's pool, whatever discipline the user's settings name
                .breakerState(() -> breaker.state().name()) // the pool monitor counts the endpoint's breaker
                .poolName(cluster.name() + "-" + spec.name().replaceAll("[^A-Za-z0-9._-]", "_"))
                .connectionTimeout(cluster.endpointTimeout().toMillis())
                .initializationFailTimeout(-1);
        if (cluster.username() != null) {
            b.username(cluster.username());
        }
        if (cluster.password() != null) {
            b.password(cluster.password());
        }
        if (classifier != null) {
            b.exceptionClassifier(classifier);
        }
        if (cluster.loadBalancing() == LoadBalancing.LEAST_CONNECTIONS) {
            // The balancer reads every candidate's lent count on every request.
            b.trackActiveCount(true);
        }
        return b.build();
    }

    String name() {
        return spec.name();
    }

    Role role() {
        return role;
    }

    boolean isUp() {
        return up;
    }

    long score() {
        return score;
    }

    /** Connections lent out by this endpoint's pool now, in O(1): what least-connections compares. */
    int lentCount() {
        return pool.activeConnections();
    }

    void servedRead() {
        readsServed.increment();
    }

    /** A lease of this endpoint's pool that serves no request (a health check, a connection given back unused). */
    void leasedForNoRequest() {
        notServing.increment();
    }

    /**
     * Records a failure that says the endpoint itself is in trouble: a connect failure, a fatal
     * error on a connection, a failed health check.
     */
    void failed(Throwable cause) {
        lastError = cause.toString();
        breaker.onFailure(cause);
        errorLock.lock();
        try {
            recentErrors = decayedErrors(System.nanoTime()) + 1;
            recentErrorsAtNanos = System.nanoTime();
        } finally {
            errorLock.unlock();
        }
        refreshScore();
    }

    /**
     * Records the outcome of a health check.
     *
     * @param ok whether the endpoint answered
     * @param newRole the role it reported (ignored when not ok)
     * @param elapsedNanos how long the check took
     * @return the role it had before
     */
    Role checked(boolean ok, Role newRole, long elapsedNanos) {
        Role before = role;
        up = ok;
        lastCheck = Instant.now();
        if (ok) {
            role = newRole;
            // The first answer is not a latency sample: it carries the new backend's and the
            // JVM's warm-up, which would dominate the average for many checks.
            if (answered++ > 0) {
                long previous = latencyNanos;
                latencyNanos = previous == 0 ? elapsedNanos : (long) (previous + LATENCY_WEIGHT * (elapsedNanos - previous));
            }
        }
        refreshScore();
        return before;
    }

    private void refreshScore() {
        score = latencyNanos + (long) (recentErrors() * FAILURE_PENALTY_NANOS);
    }

    private double recentErrors() {
        errorLock.lock();
        try {
            return decayedErrors(System.nanoTime());
        } finally {
            errorLock.unlock();
        }
    }

    private double decayedErrors(long now) {
        double halfLives = (double) (now - recentErrorsAtNanos) / ERROR_HALF_LIFE_NANOS;
        return recentErrors * Math.pow(0.5, halfLives);
    }

    EndpointHealth health() {
        long reads = readsServed.sum();
        long other = notServing.sum();
        PoolStats stats = pool.poolStats();
        // Exact when no request is in flight; one being served right now may show as a write.
        long writes = Math.max(0, stats.acquisitions() - reads - other);
        double errors = recentErrors();
        return new EndpointHealth(spec.name(), maskedUrl, spec.local(), role, up, breaker.stats(),
                stats.total(), stats.active(), stats.idle(), stats.waiting(),
                Duration.ofNanos(latencyNanos), Math.round(errors * 100) / 100.0, lastError,
                reads, writes, lastCheck);
    }

    void close() {
        pool.close(Duration.ofSeconds(1));
    }

    /** Lets the pool evict what it evicts by its own rules, and tells the endpoint what it saw. */
    private static final class EndpointErrorClassifier implements SqlExceptionClassifier {
        private final Endpoint endpoint;
        private final SqlExceptionClassifier users;
        private final Runnable demotionSuspected;

        EndpointErrorClassifier(Endpoint endpoint, SqlExceptionClassifier users, Runnable demotionSuspected) {
            this.endpoint = endpoint;
            this.users = users;
            this.demotionSuspected = demotionSuspected;
        }

        @Override
        public Verdict classify(SQLException e) {
            Verdict verdict = users != null ? users.classify(e) : Verdict.DEFAULT;
            if (verdict == null) {
                verdict = Verdict.DEFAULT;
            }
            switch (io.cistern.routing.retry.SqlFailure.classify(e)) {
                case CONNECTION:
                    if (verdict != Verdict.NOT_FATAL) {
                        endpoint.failed(e);
                    }
                    return verdict;
                case READ_ONLY_SERVER:
                    if (endpoint.role == Role.PRIMARY) {
                        // A write refused by the server we believe is the primary: a failover
                        // demoted it. This connection must not serve another write.
                        demotionSuspected.run();
                        return verdict == Verdict.NOT_FATAL ? verdict : Verdict.FATAL;
                    }
                    return verdict;
                default:
                    if (verdict == Verdict.FATAL) {
                        endpoint.failed(e);
                    }
                    return verdict;
            }
        }
    }
}
