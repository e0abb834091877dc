package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimeoutAndInterruptTest {

    @Test
    void timeoutNamesPoolTimeoutAndState() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("orders").maxSize(1).build(), new TestFactory())) {
            try (Lease<TestResource> held = pool.acquire()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(150)))
                        .isInstanceOf(AcquireTimeoutException.class)
                        .hasMessageContaining("Pool 'orders'")
                        .hasMessageContaining("within 150 ms")
                        .hasMessageContaining("total=1, active=1, idle=0, waiting=1")
                        .hasMessageContaining("max=1")
                        .satisfies(e -> assertThat(((AcquireTimeoutException) e).timeout()).isEqualTo(Duration.ofMillis(150)));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            }
            PoolStats stats = pool.stats();
            assertThat(stats.timeouts()).isEqualTo(1);
            assertThat(stats.waiting()).isZero();
            assertThat(stats.timeoutRate()).isEqualTo(0.5);
            // The pool still serves after a timeout.
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(1))) {
                assertThat(lease.get()).isNotNull();
            }
        }
    }

    @Test
    void zeroTimeoutTakesOnlyAnIdleResource() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("zero").maxSize(1).minIdle(1).warmUp(true).build(), new TestFactory())) {
            try (Lease<TestResource> lease = pool.acquire(Duration.ZERO)) {
                assertThat(lease.get()).isNotNull();
                assertThatThrownBy(() -> pool.acquire(Duration.ZERO)).isInstanceOf(AcquireTimeoutException.class);
            }
        }
    }

    @Test
    void interruptedWaiterLeavesTheQueueAndThePoolKeepsWorking() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("interrupt").maxSize(1).build(), new TestFactory())) {
            Lease<TestResource> held = pool.acquire();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    pool.acquire(Duration.ofSeconds(30)).close();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            waiter.start();
            Await.until("the waiter is queued", () -> pool.stats().waiting() == 1);
            waiter.interrupt();
            waiter.join(5_000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("interrupt");
            assertThat(pool.stats().waiting()).isZero();
            held.close();
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(1))) {
                assertThat(lease.get()).isNotNull();
            }
        }
    }

    @Test
    void alreadyInterruptedThreadFailsFastWhenItWouldWait() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("pre-interrupted").maxSize(1).build(), new TestFactory())) {
            try (Lease<TestResource> held = pool.acquire()) {
                Thread.currentThread().interrupt();
                assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(10))).isInstanceOf(InterruptedException.class);
                assertThat(Thread.interrupted()).isFalse();
            }
        }
    }
}
