package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Creation happens in the background, bounded, with backoff: failing, hanging and slow factories. */
class CreationTest {

    @Test
    void acquiringThreadsNeverRunTheFactory() throws Exception {
        AtomicReference<Thread> creatingThread = new AtomicReference<>();
        TestFactory inner = new TestFactory();
        ResourceFactory<TestResource> factory = new ResourceFactory<>() {
            @Override
            public TestResource create() throws Exception {
                creatingThread.set(Thread.currentThread());
                return inner.create();
            }

            @Override
            public void destroy(TestResource resource) {
                inner.destroy(resource);
            }
        };
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("bg").maxSize(1).build(), factory)) {
            pool.acquire().close();
            assertThat(creatingThread.get()).isNotSameAs(Thread.currentThread());
            assertThat(creatingThread.get().getName()).isEqualTo("cistern-bg-creator-1");
        }
    }

    @Test
    void failingFactoryTimesOutWithTheCauseAndRecoversWhenTheDatabaseReturns() throws Exception {
        TestFactory factory = new TestFactory();
        factory.failing = true;
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("down").maxSize(2)
                .createBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build(), factory)) {
            assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(300)))
                    .isInstanceOf(AcquireTimeoutException.class)
                    .hasMessageContaining("creating resources is failing")
                    .hasMessageContaining("database unreachable (test)")
                    .hasRootCauseInstanceOf(IllegalStateException.class);
            assertThat(pool.stats().creationFailures()).isPositive();
            factory.failing = false;
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
                assertThat(lease.get()).isNotNull();
            }
            assertThat(factory.maxLive.get()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void failuresBackOffExponentiallyInsteadOfHammering() throws Exception {
        TestFactory factory = new TestFactory();
        factory.failing = true;
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("backoff").maxSize(8)
                .createBackoff(Duration.ofMillis(20), Duration.ofMillis(400)).build(), factory)) {
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    try {
                        pool.acquire(Duration.ofMillis(1_500)).close();
                    } catch (AcquireTimeoutException | InterruptedException expected) {
                        // the database stays down for this test
                    }
                });
                t.start();
                waiters.add(t);
            }
            for (Thread t : waiters) {
                t.join();
            }
            // Without backoff, 8 waiters over 1.5 s against an instantly failing factory make
            // hundreds of thousands of attempts. With 20 ms doubling to 400 ms (and 4 creators) it is
            // a few dozen at most.
            assertThat(factory.createCalls.get()).isBetween(3, 60);
        }
    }

    @Test
    void noCreationWithoutDemand() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("lazy").maxSize(10)
                .housekeepingPeriod(Duration.ofMillis(10)).build(), factory)) {
            Thread.sleep(100);
            assertThat(factory.createCalls.get()).isZero();
            pool.acquire().close();
            pool.acquire().close();
            Thread.sleep(50);
            assertThat(factory.createCalls.get()).as("one resource served both sequential acquires").isEqualTo(1);
        }
    }

    @Test
    void creationParallelismIsBounded() throws Exception {
        TestFactory factory = new TestFactory();
        factory.createDelay = Duration.ofMillis(100);
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("parallel").maxSize(10)
                .createParallelism(3).build(), factory)) {
            List<Thread> threads = new ArrayList<>();
            List<Lease<TestResource>> leases = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 10; i++) {
                Thread t = new Thread(() -> {
                    try {
                        leases.add(pool.acquire(Duration.ofSeconds(10)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(leases).hasSize(10);
            assertThat(factory.maxCreating.get()).isEqualTo(3);
            assertThat(factory.created.get()).isEqualTo(10);
            leases.forEach(Lease::close);
        }
    }

    @Test
    void hungFactoryCostsCallersOnlyTheirTimeoutAndStillCountsAgainstMaxSize() throws Exception {
        TestFactory factory = new TestFactory();
        CountDownLatch hang = new CountDownLatch(1);
        factory.hang = hang;
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("hung").maxSize(2)
                .createTimeout(Duration.ofMillis(100)).createBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
                .build(), factory)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(400)))
                    .isInstanceOf(AcquireTimeoutException.class)
                    .hasMessageContaining("longer than the create timeout of 100 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(factory.maxLive.get()).as("hung creations hold their slots").isLessThanOrEqualTo(2);
            assertThat(pool.stats().total()).isEqualTo(2);
            // The database answers again: late results are discarded, the slots come back, the pool serves.
            factory.hang = null;
            hang.countDown();
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
                assertThat(lease.get()).isNotNull();
            }
            Await.until("late resources from timed-out creations are destroyed",
                    () -> factory.destroyed.get() == 2 && factory.live.get() == 1);
        }
    }

    @Test
    void warmUpFillsMinIdleBeforeCreateReturns() {
        TestFactory factory = new TestFactory();
        factory.createDelay = Duration.ofMillis(20);
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("warm").maxSize(8)
                .minIdle(5).warmUp(true).build(), factory)) {
            assertThat(pool.stats().idle()).isEqualTo(5);
            assertThat(pool.stats().acquisitions()).isZero();
        }
    }

    @Test
    void failFastStartThrowsWithTheCauseAndLeavesNothingRunning() throws Exception {
        TestFactory factory = new TestFactory();
        factory.failing = true;
        long start = System.nanoTime();
        assertThatThrownBy(() -> ResourcePool.create(PoolConfig.builder().name("failfast").maxSize(2)
                .initializationFailTimeout(Duration.ZERO).build(), factory))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessageContaining("Pool 'failfast'")
                .hasMessageContaining("initialization fail timeout of 0 ms")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(factory.createCalls.get()).isEqualTo(1);
        Await.until("the failed pool's threads are gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("cistern-failfast-")));
    }

    @Test
    void failFastStartRetriesWithinItsTimeout() throws Exception {
        TestFactory factory = new TestFactory();
        factory.failing = true;
        AtomicInteger attemptsSeen = new AtomicInteger();
        Thread healer = new Thread(() -> {
            try {
                Await.until("two attempts failed", () -> factory.createCalls.get() >= 2);
                attemptsSeen.set(factory.createCalls.get());
                factory.failing = false;
            } catch (InterruptedException ignored) {
                // test ends
            }
        });
        healer.start();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("failfast-ok").maxSize(2)
                .createBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .initializationFailTimeout(Duration.ofSeconds(10)).build(), factory)) {
            assertThat(pool.stats().idle()).isEqualTo(1);
            assertThat(attemptsSeen.get()).isGreaterThanOrEqualTo(2);
        }
        healer.join();
    }
}
