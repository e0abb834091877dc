package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.LoopbackPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    @Test
    void theMxBeanShowsThePoolAndControlsIt() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.cistern:type=Pool (jmx-pool)");
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "jmx-pool")
                .maximumPoolSize(3).minimumIdle(3).connectionTimeout(500).registerMbeans(true).build())) {
            CisternPoolMXBean bean = JMX.newMXBeanProxy(server, name, CisternPoolMXBean.class);
            long deadline = System.nanoTime() + 10_000_000_000L;
            // "total" also counts connections still being opened: wait until all three are idle.
            while (bean.getIdleConnections() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (Connection c = ds.getConnection()) {
                assertThat(bean.getActiveConnections()).isEqualTo(1);
                assertThat(bean.getIdleConnections()).isEqualTo(2);
                assertThat(bean.getTotalConnections()).isEqualTo(3);
                assertThat(bean.getThreadsAwaitingConnection()).isZero();
                assertThat(server.getAttribute(name, "ActiveConnections")).isEqualTo(1);
            }
            long createdBefore = ds.poolStats().created();
            bean.softEvictConnections();
            deadline = System.nanoTime() + 10_000_000_000L;
            while (ds.poolStats().created() < createdBefore + 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ds.poolStats().created()).as("evicted connections are replaced").isEqualTo(createdBefore + 3);
            bean.suspendPool();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("suspended");
            bean.resumePool();
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
        assertThat(server.isRegistered(name)).as("unregistered on close").isFalse();
    }

    @Test
    void micrometerMetersAreNamedLikeHikariCpsUnderTheCisternPrefix() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "metered")
                .maximumPoolSize(1).connectionTimeout(250).metricRegistry(registry).build())) {
            try (Connection c = ds.getConnection()) {
                Thread.sleep(20);
                assertThat(registry.get("cistern.connections.active").tag("pool", "metered").gauge().value()).isEqualTo(1.0);
                assertThatThrownBy(ds::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            }
            assertThat(registry.get("cistern.connections.acquire").tag("pool", "metered").timer().count()).isEqualTo(1);
            assertThat(registry.get("cistern.connections.usage").tag("pool", "metered").timer().totalTime(
                    java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
            assertThat(registry.get("cistern.connections.creation").tag("pool", "metered").timer().count()).isEqualTo(1);
            assertThat(registry.get("cistern.connections.timeout").tag("pool", "metered").counter().count()).isEqualTo(1);
            assertThat(registry.get("cistern.connections").tag("pool", "metered").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("cistern.connections.idle").tag("pool", "metered").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("cistern.connections.pending").tag("pool", "metered").gauge().value()).isZero();
            assertThat(registry.get("cistern.connections.max").tag("pool", "metered").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("cistern.connections.min").tag("pool", "metered").gauge().value()).isEqualTo(1.0);
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString()).doesNotContain("password"));
        }
        assertThat(registry.getMeters()).as("meters removed on close").isEmpty();
    }
}
