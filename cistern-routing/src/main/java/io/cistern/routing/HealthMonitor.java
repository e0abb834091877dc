package io.cistern.routing;

import io.cistern.pool.AcquireTimeoutException;
import io.cistern.pool.PoolStats;
import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.routing.health.Role;
import io.cistern.routing.retry.SqlFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every endpoint in the background, each on its own schedule so a dead endpoint's slow
 * check never delays another's: takes a connection from the endpoint's pool (waiting at most
 * {@code endpointTimeout}), runs the role query (or {@code isValid}), and records the role,
 * the latency and the outcome. A check is also the half-open probe that closes a breaker once
 * its open wait has passed, and the recheck that brings a hybrid cluster's local endpoint back.
 *
 * <p>The check's socket reads are bounded by a network timeout of about {@code endpointTimeout}: on a
 * black-holed network the driver's query timeout cannot help (its cancel request needs the
 * network too), and the check would otherwise wait for the operating system's TCP timeout. A
 * check that fails at the connection level marks the endpoint down and evicts its pool's
 * connections (idle ones now, lent ones when returned): they lead to the same dead network.
 */
final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final ClusterConfig config;
    private final EndpointRouter router;
    private final int queryTimeoutSeconds;
    private final int networkTimeoutMillis;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Endpoints whose check is running, so an early recheck never overlaps a scheduled one. */
    private final ConcurrentHashMap<Endpoint, Boolean> checking = new ConcurrentHashMap<>();

    HealthMonitor(ClusterConfig config, EndpointRouter router) {
        this.config = config;
        this.router = router;
        this.queryTimeoutSeconds = (int) Math.max(1, (config.endpointTimeout().toMillis() + 999) / 1000);
        // A little over the query timeout, so that a slow but live server still answers the role query.
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, TimeUnit.SECONDS.toMillis(queryTimeoutSeconds) + 500);
        this.scheduler = new ScheduledThreadPoolExecutor(config.endpoints().size(), new MonitorThreads(config.name()));
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Checks every endpoint in parallel before the cluster serves anything, each until it
     * answers, its breaker opens, or about four endpoint timeouts have passed (a first connection
     * can be slow while the driver warms up); then schedules the regular checks.
     */
    void start(Endpoint[] endpoints) {
        long deadline = System.nanoTime() + config.endpointTimeout().toNanos() * 4 + TimeUnit.SECONDS.toNanos(queryTimeoutSeconds);
        List<Future<?>> first = new ArrayList<>();
        for (Endpoint e : endpoints) {
            first.add(scheduler.submit(() -> {
                check(e);
                while (!e.isUp() && e.breaker.state() == BreakerState.CLOSED && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(50);
                    check(e);
                }
                return null;
            }));
        }
        for (Future<?> f : first) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(queryTimeoutSeconds), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception slowOrFailed) {
                log.warn("Cluster '{}': a first health check did not finish in time: {}", config.name(), slowOrFailed.toString());
            }
        }
        router.refreshTopology();
        long period = config.healthCheckInterval().toNanos();
        for (Endpoint e : endpoints) {
            scheduler.scheduleWithFixedDelay(() -> checkAndRoute(e), period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** Checks an endpoint now, off the caller's thread (a write reached it and it said it is read-only). */
    void checkSoon(Endpoint e) {
        try {
            scheduler.execute(() -> checkAndRoute(e));
        } catch (RejectedExecutionException closing) {
            // the cluster is closing
        }
    }

    private void checkAndRoute(Endpoint e) {
        try {
            check(e);
            router.refreshTopology();
        } catch (RuntimeException unexpected) {
            // A scheduled task that throws is never run again; log and keep checking.
            log.error("Cluster '{}': health check of {} failed unexpectedly", config.name(), e.name(), unexpected);
        }
    }

    private void check(Endpoint e) {
        if (checking.putIfAbsent(e, Boolean.TRUE) != null) {
            return;
        }
        try {
            checkOnce(e);
        } finally {
            checking.remove(e);
        }
    }

    private void checkOnce(Endpoint e) {
        boolean probe = e.breaker.tryAcquirePermission();
        Connection c;
        try {
            c = e.pool.getConnection();
        } catch (SQLTransientConnectionException timedOut) {
            PoolStats stats = e.pool.poolStats();
            if (timedOut.getCause() instanceof AcquireTimeoutException && stats.active() >= stats.maxSize()) {
                // Saturated by users: it is working; nothing learned this time.
                if (probe) {
                    e.breaker.releasePermission();
                }
                return;
            }
            // Not saturated, yet no connection within the endpoint timeout: idle ones failed their
            // validation, and new ones neither open nor fail (a black hole does that).
            failed(e, timedOut, true);
            e.pool.softEvictConnections();
            return;
        } catch (SQLException closed) {
            if (probe) {
                e.breaker.releasePermission();
            }
            return;
        }
        e.leasedForNoRequest();
        try (c) {
            // Latency is the server's round trip, not the wait for a pooled connection.
            long queryStart = System.nanoTime();
            Role role = roleOf(c);
            Role before = e.checked(true, role, System.nanoTime() - queryStart);
            if (probe) {
                e.breaker.onSuccess();
            }
            if (before != role && before != Role.UNKNOWN) {
                router.roleChanged(e, before, role);
            } else if (before == Role.UNKNOWN) {
                log.info("Cluster '{}': {} is {}", config.name(), e.name(), role);
            }
        } catch (SQLException failure) {
            // Connection-level failures already reached the endpoint through its pool's
            // exception classifier; count only the others (a failing role query) here.
            boolean connectionLost = SqlFailure.classify(failure) == SqlFailure.CONNECTION;
            failed(e, failure, !connectionLost);
            if (connectionLost) {
                log.warn("Cluster '{}': health check of {} lost its connection ({}); its pooled connections are evicted",
                        config.name(), e.name(), failure.toString());
                e.pool.softEvictConnections();
            }
        }
    }

    private void failed(Endpoint e, SQLException failure, boolean count) {
        e.checked(false, null, 0);
        if (count) {
            e.failed(failure);
        }
        log.debug("Cluster '{}': health check of {} failed: {}", config.name(), e.name(), failure.toString());
    }

    private Role roleOf(Connection c) throws SQLException {
        c.setNetworkTimeout(Runnable::run, networkTimeoutMillis); // undone by the pool when the connection returns
        String query = config.roleQuery();
        if (query == null) {
            if (!c.isValid(queryTimeoutSeconds)) {
                throw new SQLException("Connection.isValid(" + queryTimeoutSeconds + ") returned false", "08006");
            }
            return Role.ANY;
        }
        try (Statement s = c.createStatement()) {
            // No query timeout: pgjdbc cancels it over a new connection and waits for that cancel
            // (cancelSignalTimeout, 10 s), which a black hole never answers. The network timeout
            // set above bounds the query instead.
            try (ResultSet rs = s.executeQuery(query)) {
                if (!rs.next()) {
                    throw new SQLException("The role query returned no row: " + query);
                }
                return rs.getBoolean(1) ? Role.REPLICA : Role.PRIMARY;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads named after the cluster, so a forgotten cluster never keeps the JVM alive. */
    private static final class MonitorThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        MonitorThreads(String cluster) {
            this.prefix = "cistern-" + cluster + "-health-";
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
