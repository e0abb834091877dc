package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.monitor.HealthTransition;
import io.cistern.jdbc.monitor.PoolHealth;
import io.cistern.jdbc.monitor.PoolMonitor;
import io.cistern.jdbc.monitor.PoolSample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool monitor on a real pool (a SQLite file, plain pool): history, health by the rule, transitions with times. */
class PoolMonitorTest {

    @TempDir
    Path dir;

    private CisternDataSource pool(String name, int history) {
        return new CisternDataSource(CisternConfig.builder().jdbcUrl("jdbc:sqlite:" + dir.resolve(name + ".db"))
                .discipline(CisternConfig.PLAIN).poolName(name).maximumPoolSize(1).connectionTimeout(250)
                // The timer's first sample is taken at the start; the test takes the others itself.
                .monitorInterval(3_600_000).monitorHistory(history)
                .registerMbeans(true).metricRegistry(new SimpleMeterRegistry())
                .build());
    }

    private static void awaitFirstSample(PoolMonitor m) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (m.history().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(m.history()).as("the first sample, taken at the start").hasSize(1);
    }

    @Test
    void healthFollowsTheRuleAndTransitionsAreKeptWithTheirTimes() throws Exception {
        try (CisternDataSource ds = pool("monitored", 100)) {
            PoolMonitor m = ds.monitor();
            awaitFirstSample(m);
            assertThat(m.health()).isEqualTo(PoolHealth.HEALTHY);

            // A caller queues while the only connection is lent: degraded.
            Connection held = ds.getConnection();
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    c.isValid(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (ds.poolStats().waiting() == 0) {
                Thread.sleep(1);
            }
            PoolSample queued = m.sample();
            held.close();
            waiter.get(5, TimeUnit.SECONDS);
            assertThat(queued.health()).isEqualTo(PoolHealth.DEGRADED);
            assertThat(queued.reason()).isEqualTo("1 callers waiting, all 1 connections lent");
            assertThat(m.health()).isEqualTo(PoolHealth.DEGRADED);

            // Better only after two samples in a row say so.
            assertThat(m.sample().health()).isEqualTo(PoolHealth.HEALTHY);
            assertThat(m.health()).as("one healthy sample is not enough").isEqualTo(PoolHealth.DEGRADED);
            m.sample();
            assertThat(m.health()).isEqualTo(PoolHealth.HEALTHY);

            // Every request of an interval timed out: unhealthy.
            try (Connection c = ds.getConnection()) {
                m.sample();
                assertThatThrownBy(ds::getConnection).isInstanceOf(java.sql.SQLTransientConnectionException.class);
                PoolSample timedOut = m.sample();
                assertThat(timedOut.health()).isEqualTo(PoolHealth.UNHEALTHY);
                assertThat(timedOut.reason()).isEqualTo("1 getConnection timeouts and none served");
            }

            List<HealthTransition> t = m.transitions();
            assertThat(t).extracting(HealthTransition::to)
                    .containsExactly(PoolHealth.DEGRADED, PoolHealth.HEALTHY, PoolHealth.UNHEALTHY);
            assertThat(t).extracting(HealthTransition::from)
                    .containsExactly(PoolHealth.HEALTHY, PoolHealth.DEGRADED, PoolHealth.HEALTHY);
            for (int i = 1; i < t.size(); i++) {
                assertThat(t.get(i).at()).isAfterOrEqualTo(t.get(i - 1).at());
            }

            ObjectName name = new ObjectName("io.cistern:type=Pool (monitored)");
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Health")).isEqualTo("UNHEALTHY");
            String[] shown = (String[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "HealthTransitions");
            assertThat(shown).hasSize(3);
            assertThat(shown[2]).endsWith(" HEALTHY -> UNHEALTHY (1 getConnection timeouts and none served)");
            SimpleMeterRegistry registry = (SimpleMeterRegistry) ds.config().metricRegistry();
            assertThat(registry.get("cistern.connections.health").tag("pool", "monitored").gauge().value()).isEqualTo(2.0);
        }
    }

    @Test
    void theHistoryIsABoundedRingOldestFirstAndEndsWithTheClose() throws Exception {
        CisternDataSource ds = pool("ring", 3);
        PoolMonitor m = ds.monitor();
        awaitFirstSample(m);
        PoolSample last = null;
        for (int i = 0; i < 5; i++) {
            last = m.sample();
        }
        List<PoolSample> history = m.history();
        assertThat(history).hasSize(3);
        assertThat(history.get(2)).isSameAs(last);
        assertThat(history.get(0).at()).isBeforeOrEqualTo(history.get(1).at());
        ds.close();
        assertThat(m.history().get(2).health()).isEqualTo(PoolHealth.UNHEALTHY);
        assertThat(m.history().get(2).reason()).isEqualTo("closed");
        assertThat(m.health()).isEqualTo(PoolHealth.UNHEALTHY);
    }

    @Test
    void monitorSettingsAreChecked() {
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:x:y").monitorInterval(10).build())
                .hasMessage("monitorInterval = 10 is not allowed; allowed: 0 (no monitor) or 100 to 3600000 ms");
        assertThatThrownBy(() -> CisternConfig.builder().jdbcUrl("jdbc:x:y").monitorHistory(0).build())
                .hasMessage("monitorHistory = 0 is not allowed; allowed: 1 to 100000 samples");
        try (CisternDataSource ds = new CisternDataSource(CisternConfig.builder().jdbcUrl("jdbc:sqlite:" + dir.resolve("off.db"))
                .discipline(CisternConfig.PLAIN).monitorInterval(0).build())) {
            assertThatThrownBy(ds::monitor).hasMessageContaining("runs without a monitor (monitorInterval=0)");
        }
    }
}
