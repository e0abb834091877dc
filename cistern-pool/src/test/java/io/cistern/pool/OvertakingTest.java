package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * How far a caller that finds a resource idle may go ahead of callers already queued
 * ({@link PoolConfig.Builder#overtakeLimit}), and that letting it do so never strands a queued
 * caller while a resource sits idle.
 */
class OvertakingTest {

    @Test
    void aStrictPoolNeverLetsACallerOvertakeAQueuedOne() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("strict").maxSize(1).overtakeLimit(Duration.ZERO).build(), new TestFactory())) {
            for (int round = 0; round < 20; round++) {
                assertThat(returnAndAskAgain(pool, Duration.ZERO)).as("round %d: the returner took it back", round).isFalse();
            }
        }
    }

    @Test
    void aRunningCallerMayTakeAReturnedResourceBeforeTheWokenWaiterDoes() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("barging").maxSize(1).overtakeLimit(Duration.ofSeconds(10)).build(), new TestFactory())) {
            int overtook = 0;
            for (int round = 0; round < 20; round++) {
                if (returnAndAskAgain(pool, Duration.ZERO)) {
                    overtook++;
                }
            }
            // The woken waiter has to be scheduled before it can ask; the returner asks at once.
            // Every round still served the waiter (returnAndAskAgain checks it).
            assertThat(overtook).as("rounds in which the returner took the resource back").isPositive();
        }
    }

    @Test
    void aCallerQueuedPastTheLimitGetsTheNextReturnedResource() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("limited").maxSize(1).overtakeLimit(Duration.ofMillis(20)).build(), new TestFactory())) {
            for (int round = 0; round < 5; round++) {
                assertThat(returnAndAskAgain(pool, Duration.ofMillis(60)))
                        .as("round %d: the returner overtook a caller queued for 60 ms", round).isFalse();
            }
        }
    }

    /**
     * Only one queued caller is woken at a time; when two resources come back together the
     * woken one must pass the turn on, or the second resource sits idle while the other caller
     * sleeps until its timeout.
     */
    @Test
    void resourcesReturnedTogetherServeAsManyQueuedCallers() throws Exception {
        int size = 3;
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("together").maxSize(size).minIdle(size).warmUp(true)
                        .overtakeLimit(Duration.ofSeconds(10)).build(), new TestFactory())) {
            for (int round = 0; round < 100; round++) {
                List<Lease<TestResource>> held = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    held.add(pool.acquire());
                }
                List<CompletableFuture<Void>> served = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    served.add(done);
                    Thread t = new Thread(() -> {
                        try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
                            done.complete(null);
                        } catch (Throwable e) {
                            done.completeExceptionally(e);
                        }
                    });
                    t.start();
                }
                Await.until("all are queued", () -> pool.stats().waiting() == size);
                CyclicBarrier together = new CyclicBarrier(size);
                List<Thread> returners = new ArrayList<>();
                for (Lease<TestResource> lease : held) {
                    Thread r = new Thread(() -> {
                        try {
                            together.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        lease.close();
                    });
                    r.start();
                    returners.add(r);
                }
                for (Thread r : returners) {
                    r.join();
                }
                CompletableFuture.allOf(served.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
                int r = round;
                Await.until("round " + r + " ends with nothing out", () -> pool.stats().active() == 0);
            }
            PoolStats stats = pool.stats();
            assertThat(stats.timeouts()).isZero();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.total()).isEqualTo(size);
        }
    }

    /**
     * Churn: patient callers, and impatient ones that keep giving up after a millisecond or two,
     * so waiters leave the queue while they are the woken one, or just as they are woken. Every
     * patient caller must be served, the timeouts counted exactly, and when the churn stops the
     * pool must come to rest with nothing out and nobody queued. (A single lost wake-up heals here
     * at the next return; the test above is the one that catches it.)
     */
    @Test
    void callersGivingUpUnderChurnLeaveExactCountsAndAPoolAtRest() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger patientFailures = new AtomicInteger();
        AtomicInteger impatientTimeouts = new AtomicInteger();
        AtomicLong served = new AtomicLong();
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("churn").maxSize(2).overtakeLimit(Duration.ofMillis(50)).build(), new TestFactory())) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                boolean patient = i < 8;
                Thread t = new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        Duration timeout = patient ? Duration.ofSeconds(5) : Duration.ofNanos(random.nextLong(2_000_000));
                        try (Lease<TestResource> lease = pool.acquire(timeout)) {
                            served.incrementAndGet();
                            TestResource r = lease.get();
                            r.claim();
                            if (random.nextBoolean()) {
                                Thread.onSpinWait();
                            }
                            r.unclaim();
                        } catch (AcquireTimeoutException e) {
                            (patient ? patientFailures : impatientTimeouts).incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            Thread.sleep(1_500);
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
                assertThat(t.isAlive()).as("a caller is still waiting 10 s after the churn stopped").isFalse();
            }
            assertThat(patientFailures.get()).as("patient callers that timed out").isZero();
            assertThat(served.get()).isPositive();
            PoolStats stats = pool.stats();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.active()).isZero();
            assertThat(stats.idle()).isEqualTo(stats.total());
            assertThat(stats.timeouts()).isEqualTo(impatientTimeouts.get());
        }
    }

    /**
     * One round: the only resource is held, a caller queues and waits {@code queuedFor}, the
     * holder returns the resource and asks for it again at once, without waiting. The queued
     * caller keeps what it gets until the holder has asked, so "it was free again" cannot pass
     * for "it was taken ahead of the queue".
     *
     * @return whether the holder got it back ahead of the queued caller, which is always served
     */
    private static boolean returnAndAskAgain(ResourcePool<TestResource> pool, Duration queuedFor) throws Exception {
        Lease<TestResource> held = pool.acquire();
        CompletableFuture<Void> served = new CompletableFuture<>();
        CountDownLatch asked = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(10))) {
                served.complete(null);
                asked.await();
            } catch (Throwable e) {
                served.completeExceptionally(e);
            }
        });
        waiter.start();
        Await.until("the caller is queued", () -> pool.stats().waiting() == 1);
        Thread.sleep(queuedFor.toMillis());
        held.close();
        boolean overtook;
        try (Lease<TestResource> again = pool.acquire(Duration.ZERO)) {
            overtook = true;
        } catch (AcquireTimeoutException queuedCallerHasIt) {
            overtook = false;
        }
        asked.countDown();
        served.get(10, TimeUnit.SECONDS);
        waiter.join();
        return overtook;
    }
}
