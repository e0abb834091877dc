package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SuspendAndEvictTest {

    /**
     * At most two resources, so that the pool cannot add a third to keep two idle while one is
     * leased. With room for it (maxSize 3), the creator, checking once more after the warm-up,
     * sometimes saw the lease and created a third before the eviction, which then destroyed two
     * idle resources at once: the exact count below was a race, and failed once in CI.
     */
    @Test
    void softEvictionRetiresIdleNowAndLeasedOnReturn() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("evict").maxSize(2)
                .minIdle(2).warmUp(true).build(), factory)) {
            Lease<TestResource> leased = pool.acquire();
            TestResource leasedResource = leased.get();
            pool.softEvictAll();
            assertThat(leasedResource.destroyed).as("leased resource is untouched").isFalse();
            Await.until("idle ones are destroyed", () -> factory.destroyed.get() == 1);
            leased.close();
            Await.until("the leased one is destroyed on return", () -> leasedResource.destroyed);
            Await.until("minIdle is refilled with new resources", () -> pool.stats().idle() == 2);
            assertThat(factory.created.get()).isEqualTo(4);
        }
    }

    @Test
    void suspendedPoolHoldsAcquiresUntilResumed() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("suspend").maxSize(2).build(),
                new TestFactory())) {
            pool.suspend();
            assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(100)))
                    .isInstanceOf(AcquireTimeoutException.class)
                    .hasMessageContaining("the pool is suspended");
            AtomicReference<Lease<TestResource>> got = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    got.set(pool.acquire(Duration.ofSeconds(10)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            Thread.sleep(100);
            assertThat(got.get()).isNull();
            pool.resume();
            waiter.join(5_000);
            assertThat(got.get()).isNotNull();
            got.get().close();
        }
    }

    @Test
    void suspendedPoolStillClosesAndFailsItsWaiters() throws Exception {
        ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("suspend-close").maxSize(1).build(),
                new TestFactory());
        pool.suspend();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                pool.acquire(Duration.ofSeconds(30));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        waiter.start();
        Thread.sleep(50);
        pool.close();
        waiter.join(2_000);
        assertThat(thrown.get()).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(pool::suspend).isInstanceOf(PoolClosedException.class);
    }
}
