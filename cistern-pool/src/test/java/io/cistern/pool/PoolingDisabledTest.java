package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PoolingDisabledTest {

    @Test
    void everyLeaseGetsAFreshResourceDestroyedOnCloseStillBounded() throws Exception {
        TestFactory factory = new TestFactory();
        Set<TestResource> seen = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("unpooled").maxSize(2)
                .pooling(false).build(), factory)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        for (int i = 0; i < 20; i++) {
                            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(10))) {
                                TestResource r = lease.get();
                                r.claim();
                                if (!seen.add(r)) {
                                    throw new AssertionError(r + " was leased twice with pooling disabled");
                                }
                                r.unclaim();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(seen).hasSize(120);
            assertThat(factory.maxLive.get()).isLessThanOrEqualTo(2);
            PoolStats stats = pool.stats();
            assertThat(stats.acquisitions()).isEqualTo(120);
            assertThat(stats.reuses()).isZero();
            Await.until("every resource is destroyed after its lease", () -> factory.live.get() == 0);
        }
    }
}
