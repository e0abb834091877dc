package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcquireReleaseTest {
    private final TestFactory factory = new TestFactory();
    private ResourcePool<TestResource> pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close(Duration.ZERO);
        }
    }

    private ResourcePool<TestResource> pool(PoolConfig.Builder config) {
        pool = ResourcePool.create(config.name("basic").build(), factory);
        return pool;
    }

    @Test
    void returnedResourceIsReusedAndResetOnReturn() throws Exception {
        pool(PoolConfig.builder().maxSize(2));
        TestResource first;
        try (Lease<TestResource> lease = pool.acquire()) {
            first = lease.get();
            first.dirty = true;
        }
        assertThat(first.dirty).as("reset ran on return").isFalse();
        try (Lease<TestResource> lease = pool.acquire()) {
            assertThat(lease.get()).isSameAs(first);
        }
        PoolStats stats = pool.stats();
        assertThat(stats.created()).isEqualTo(1);
        assertThat(stats.acquisitions()).isEqualTo(2);
        assertThat(stats.reuses()).isEqualTo(1);
        assertThat(stats.reuseRatio()).isEqualTo(0.5);
        assertThat(stats.active()).isZero();
        assertThat(stats.idle()).isEqualTo(1);
        assertThat(stats.peakActive()).isEqualTo(1);
        assertThat(pool.activeCount()).isZero();
        assertThat(factory.resets.get()).isEqualTo(2);
        try (Lease<TestResource> a = pool.acquire(); Lease<TestResource> b = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(pool.activeCount()).isEqualTo(2).isEqualTo(pool.stats().active());
        }
        assertThat(pool.activeCount()).isZero();
        assertThat(pool.stats().peakActive()).as("sampled by the statistics read while both were out").isEqualTo(2);
    }

    @ParameterizedTest(name = "trackActiveCount = {0}")
    @ValueSource(booleans = {false, true})
    void activeCountIsExactWhetherCountedAsLeasesHappenOrOverTheResources(boolean track) throws Exception {
        pool(PoolConfig.builder().maxSize(3).trackActiveCount(track));
        assertThat(pool.config().trackActiveCount()).isEqualTo(track);
        Lease<TestResource> a = pool.acquire();
        Lease<TestResource> b = pool.acquire();
        assertThat(pool.activeCount()).isEqualTo(2);
        a.close();
        a.close();
        assertThat(pool.activeCount()).as("a second close changes nothing").isEqualTo(1);
        b.close();
        assertThat(pool.activeCount()).isZero();
        assertThat(pool.stats().peakActive()).isEqualTo(2);
    }

    @Test
    void acquisitionsStillCountLeasesOfResourcesSinceRetired() throws Exception {
        pool(PoolConfig.builder().maxSize(1));
        for (int i = 0; i < 5; i++) {
            pool.acquire().close();
        }
        pool.softEvictAll();
        Await.until("the first resource is destroyed", () -> factory.destroyed.get() == 1);
        for (int i = 0; i < 3; i++) {
            pool.acquire().close();
        }
        PoolStats stats = pool.stats();
        assertThat(stats.created()).isEqualTo(2);
        assertThat(stats.acquisitions()).isEqualTo(8);
        assertThat(stats.reuses()).as("every lease but the first of each resource").isEqualTo(6);
    }

    @Test
    void sustainedLoadWithoutWaitingShowsInThePeak() throws Exception {
        pool(PoolConfig.builder().maxSize(3).minIdle(3).warmUp(true).housekeepingPeriod(Duration.ofHours(1)));
        for (int round = 0; round < 64; round++) {
            Lease<TestResource> a = pool.acquire(Duration.ZERO);
            Lease<TestResource> b = pool.acquire(Duration.ZERO);
            a.close();
            b.close();
        }
        // Nobody waited and no statistics were read while leases were out: only the per-use samples saw them.
        assertThat(pool.stats().peakActive()).isEqualTo(2);
    }

    @Test
    void closedLeaseRefusesUseAndSecondCloseIsNoOp() throws Exception {
        pool(PoolConfig.builder().maxSize(1));
        Lease<TestResource> lease = pool.acquire();
        lease.close();
        assertThatThrownBy(lease::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("basic");
        lease.close();
        assertThat(pool.stats().active()).isZero();
        assertThat(factory.resets.get()).isEqualTo(1);
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void brokenResourceIsDestroyedAndTransparentlyReplaced() throws Exception {
        pool(PoolConfig.builder().maxSize(1));
        TestResource broken;
        try (Lease<TestResource> lease = pool.acquire()) {
            broken = lease.get();
            lease.markBroken();
        }
        try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isNotSameAs(broken);
        }
        Await.until("the broken resource is destroyed", () -> broken.destroyed);
        assertThat(pool.stats().created()).isEqualTo(2);
        assertThat(pool.stats().destroyed()).isEqualTo(1);
    }

    @Test
    void failedResetDestroysInsteadOfReusing() throws Exception {
        pool(PoolConfig.builder().maxSize(1));
        factory.resetFails = true;
        TestResource first;
        try (Lease<TestResource> lease = pool.acquire()) {
            first = lease.get();
        }
        factory.resetFails = false;
        try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isNotSameAs(first);
        }
        Await.until("the resource whose reset failed is destroyed", () -> first.destroyed);
    }

    @Test
    void acquireWithNegativeTimeoutIsRejectedClearly() {
        pool(PoolConfig.builder().maxSize(1));
        assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acquire timeout = PT-0.005S")
                .hasMessageContaining("zero or more");
    }

    @Test
    void acquireWaitStatisticsAreRecorded() throws Exception {
        pool(PoolConfig.builder().maxSize(1));
        Lease<TestResource> held = pool.acquire();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            held.close();
        });
        releaser.start();
        try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
            assertThat(lease.get()).isNotNull();
        }
        releaser.join();
        PoolStats stats = pool.stats();
        assertThat(stats.maxAcquireWait()).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        assertThat(stats.totalAcquireWait()).isGreaterThanOrEqualTo(stats.maxAcquireWait());
        assertThat(stats.meanAcquireWait()).isEqualTo(Duration.ofNanos(stats.totalAcquireWaitNanos() / 2));
        assertThat(stats.successRate()).isEqualTo(1.0);
        assertThat(stats.utilization()).isZero();
    }
}
