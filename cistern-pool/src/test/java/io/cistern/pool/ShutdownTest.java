package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    @Test
    void closeWakesWaitersWithAClearErrorAndRefusesNewAcquires() throws Exception {
        TestFactory factory = new TestFactory();
        ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("shut").maxSize(1).build(), factory);
        Lease<TestResource> held = pool.acquire();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> {
                try {
                    pool.acquire(Duration.ofSeconds(30)).close();
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            waiters.add(t);
        }
        Await.until("all five wait", () -> pool.stats().waiting() == 5);
        Thread closer = new Thread(() -> pool.close(Duration.ofSeconds(5)));
        closer.start();
        for (Thread t : waiters) {
            t.join(2_000);
            assertThat(t.isAlive()).as("waiter woken promptly").isFalse();
        }
        assertThat(errors).hasSize(5).allSatisfy(e -> assertThat(e)
                .isInstanceOf(PoolClosedException.class)
                .hasMessage("Pool 'shut' is closed; it accepts no more acquires"));
        assertThatThrownBy(pool::acquire).isInstanceOf(PoolClosedException.class);
        assertThat(closer.isAlive()).as("close waits for the outstanding lease").isTrue();
        held.close();
        closer.join(2_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(factory.live.get()).isZero();
        assertThat(pool.isShutdown()).isTrue();
        pool.close();
    }

    @Test
    void leasesStillOutAfterTheGracePeriodAreDestroyed() throws Exception {
        TestFactory factory = new TestFactory();
        ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("grace").maxSize(3).build(), factory);
        Lease<TestResource> forgotten = pool.acquire();
        TestResource resource = forgotten.get();
        pool.acquire().close();
        long start = System.nanoTime();
        pool.close(Duration.ofMillis(200));
        long took = System.nanoTime() - start;
        assertThat(Duration.ofNanos(took)).isBetween(Duration.ofMillis(190), Duration.ofSeconds(3));
        assertThat(resource.destroyed).isTrue();
        assertThat(factory.live.get()).isZero();
        forgotten.close(); // a late return after close is harmless
        assertThat(factory.destroyed.get()).isEqualTo(factory.created.get());
    }

    @Test
    void closeIsIdempotentAndStopsThePoolsThreads() throws Exception {
        ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("threads-gone").maxSize(4)
                .minIdle(2).warmUp(true).housekeepingPeriod(Duration.ofMillis(10)).build(), new TestFactory());
        pool.close();
        pool.close();
        pool.close(Duration.ZERO);
        Await.until("no pool thread is left", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("cistern-threads-gone-")));
    }

    @Test
    void leasesReturnedDuringCloseAreDestroyedNotPooled() throws Exception {
        TestFactory factory = new TestFactory();
        ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("drain").maxSize(4).build(), factory);
        List<Lease<TestResource>> leases = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leases.add(pool.acquire());
        }
        Thread returner = new Thread(() -> {
            for (Lease<TestResource> lease : leases) {
                lease.close();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        returner.start();
        pool.close(Duration.ofSeconds(5));
        returner.join();
        assertThat(factory.live.get()).isZero();
        assertThat(pool.stats().idle()).isZero();
        assertThat(pool.stats().total()).isZero();
    }
}
