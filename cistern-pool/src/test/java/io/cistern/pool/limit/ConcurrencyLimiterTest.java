package io.cistern.pool.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.pool.AcquireTimeoutException;
import io.cistern.pool.PoolClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

    @Test
    void neverRunsMoreThanTheLimitAndCountsOutcomes() throws Exception {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("store").maxConcurrent(3).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    int round = i;
                    try {
                        limiter.call(() -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Thread.sleep(0, 100_000);
                            running.decrementAndGet();
                            if (id == 0 && round % 10 == 0) {
                                throw new IOException("backend failed (test)");
                            }
                            return null;
                        });
                    } catch (IOException expected) {
                        // counted as failed
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        LimiterStats stats = limiter.stats();
        assertThat(maxRunning.get()).isLessThanOrEqualTo(3);
        assertThat(stats.peakActive()).isLessThanOrEqualTo(3).isPositive();
        assertThat(stats.total()).isEqualTo(600);
        assertThat(stats.failed()).isEqualTo(5);
        assertThat(stats.succeeded()).isEqualTo(595);
        assertThat(stats.timeouts()).isZero();
        assertThat(stats.active()).isZero();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("fifo").maxConcurrent(1).build();
        Permit held = limiter.acquire();
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int arrival = i;
            Thread t = new Thread(() -> {
                try (Permit p = limiter.acquire()) {
                    order.add(arrival);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (limiter.stats().waiting() != arrival + 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
        held.close();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void timeoutNamesTheLimiterAndItsState() throws Exception {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("narrow").maxConcurrent(1).build();
        try (Permit p = limiter.acquire()) {
            assertThatThrownBy(() -> limiter.acquire(Duration.ofMillis(50)))
                    .isInstanceOf(AcquireTimeoutException.class)
                    .hasMessageContaining("Limiter 'narrow'")
                    .hasMessageContaining("within 50 ms")
                    .hasMessageContaining("active=1")
                    .hasMessageContaining("max=1");
        }
        assertThat(limiter.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void aPermitClosedTwiceReleasesOnce() throws Exception {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("twice").maxConcurrent(1).build();
        Permit p = limiter.acquire();
        p.close();
        p.close();
        try (Permit again = limiter.acquire(Duration.ZERO)) {
            assertThatThrownBy(() -> limiter.acquire(Duration.ZERO)).isInstanceOf(AcquireTimeoutException.class);
        }
        assertThat(limiter.stats().succeeded()).isEqualTo(2);
    }

    @Test
    void closeWakesWaitersAndRefusesNewWork() throws Exception {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("closing").maxConcurrent(1).build();
        Permit held = limiter.acquire();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    limiter.acquire(Duration.ofSeconds(30)).close();
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        while (limiter.stats().waiting() < 3) {
            Thread.sleep(1);
        }
        limiter.close();
        for (Thread t : threads) {
            t.join(2_000);
        }
        assertThat(errors).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(PoolClosedException.class));
        assertThatThrownBy(limiter::acquire).isInstanceOf(PoolClosedException.class);
        held.close();
    }

    @Test
    void invalidSettingsFailAtBuild() {
        assertThatThrownBy(() -> ConcurrencyLimiter.builder().maxConcurrent(0).build())
                .hasMessage("ConcurrencyLimiter.maxConcurrent = 0 is not allowed; allowed: 1 to 1000000");
        assertThatThrownBy(() -> ConcurrencyLimiter.builder().acquireTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("ConcurrencyLimiter.acquireTimeout = PT-1S");
    }
}
