package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Many threads hammering a small pool: the bound holds and no resource ever has two holders. */
class BoundAndExclusivityTest {

    @Test
    void manyThreadsNeverExceedMaxSizeNorShareAResource() throws Exception {
        TestFactory factory = new TestFactory();
        factory.createDelay = Duration.ofMillis(2);
        int threads = 32;
        int rounds = 2_000;
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder()
                .name("bound").maxSize(4).createParallelism(2)
                .validationBypass(Duration.ZERO) // validate on every acquire, to exercise that path too
                .acquireTimeout(Duration.ofSeconds(30)).build(), factory)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger brokenOnPurpose = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            try (Lease<TestResource> lease = pool.acquire()) {
                                TestResource r = lease.get();
                                r.claim();
                                if ((i & 3) == 0) {
                                    LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(20_000));
                                }
                                r.unclaim();
                                if (ThreadLocalRandom.current().nextInt(500) == 0) {
                                    brokenOnPurpose.incrementAndGet();
                                    lease.markBroken();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            start.countDown();
            for (Thread worker : workers) {
                worker.join();
            }
            assertThat(failure.get()).as("no worker failed").isNull();
            assertThat(factory.maxLive.get()).as("most resources alive at once").isLessThanOrEqualTo(4);
            PoolStats stats = pool.stats();
            assertThat(stats.acquisitions()).isEqualTo((long) threads * rounds);
            assertThat(stats.timeouts()).isZero();
            assertThat(stats.active()).isZero();
            assertThat(stats.peakActive()).isLessThanOrEqualTo(4);
            assertThat(stats.total()).isLessThanOrEqualTo(4);
            Await.until("broken resources are destroyed", () -> pool.stats().destroyed() == brokenOnPurpose.get());
            assertThat(stats.created()).isEqualTo(factory.created.get());
        }
        Await.until("every resource is destroyed after close", () -> factory.live.get() == 0);
        assertThat(factory.created.get()).isEqualTo(factory.destroyed.get());
    }
}
