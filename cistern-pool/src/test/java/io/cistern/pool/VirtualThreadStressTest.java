package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** 10,000 virtual threads over 10 resources: the waits must park, never pin or spin a carrier. */
class VirtualThreadStressTest {

    @Test
    void tenThousandVirtualThreadsOverTenResources() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21,
                "virtual threads need JDK 21 or later; this JVM is " + Runtime.version() + " (CI runs this test on JDK 25)");
        ExecutorService virtualThreads =
                (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        TestFactory factory = new TestFactory();
        int tasks = 10_000;
        int rounds = 3;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("virtual").maxSize(10)
                .acquireTimeout(Duration.ofSeconds(120)).build(), factory)) {
            for (int t = 0; t < tasks; t++) {
                virtualThreads.execute(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            try (Lease<TestResource> lease = pool.acquire()) {
                                TestResource r = lease.get();
                                r.claim();
                                LockSupport.parkNanos(20_000);
                                r.unclaim();
                            }
                        }
                        done.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            virtualThreads.shutdown();
            assertThat(virtualThreads.awaitTermination(3, TimeUnit.MINUTES)).as("all virtual threads finished").isTrue();
            assertThat(failure.get()).isNull();
            assertThat(done.get()).isEqualTo(tasks);
            PoolStats stats = pool.stats();
            assertThat(stats.acquisitions()).isEqualTo((long) tasks * rounds);
            assertThat(stats.timeouts()).isZero();
            assertThat(factory.maxLive.get()).isLessThanOrEqualTo(10);
            assertThat(stats.peakActive()).isLessThanOrEqualTo(10);
        }
    }
}
