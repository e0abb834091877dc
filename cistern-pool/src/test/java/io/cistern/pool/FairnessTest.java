package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class FairnessTest {

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("fifo").maxSize(1).build(), new TestFactory())) {
            Lease<TestResource> held = pool.acquire();
            int waiters = 12;
            ConcurrentLinkedQueue<Integer> served = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                int arrival = i;
                Thread t = new Thread(() -> {
                    try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(30))) {
                        served.add(arrival);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                threads.add(t);
                // The next thread arrives only once this one is queued.
                Await.until("waiter " + arrival + " is queued", () -> pool.stats().waiting() == arrival + 1);
            }
            held.close();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(served).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        }
    }

    @Test
    void noThreadStarvesUnderSaturation() throws Exception {
        int threads = 16;
        AtomicLongArray served = new AtomicLongArray(threads);
        AtomicBoolean stop = new AtomicBoolean();
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("starve").maxSize(2).minIdle(2).warmUp(true).build(), new TestFactory())) {
            CountDownLatch started = new CountDownLatch(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(30))) {
                            served.incrementAndGet(id);
                            Thread.sleep(0, 200_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                workers.add(w);
                w.start();
            }
            started.await();
            Thread.sleep(1_000);
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        for (int i = 0; i < threads; i++) {
            min = Math.min(min, served.get(i));
            max = Math.max(max, served.get(i));
            total += served.get(i);
        }
        assertThat(min).as("every thread was served").isPositive();
        // FIFO handoff spreads the work evenly; a barging pool lets a few threads take most of it.
        assertThat((double) min / (total / (double) threads))
                .as("least-served thread relative to the mean (served: min %d, max %d, total %d)", min, max, total)
                .isGreaterThan(0.5);
    }
}
