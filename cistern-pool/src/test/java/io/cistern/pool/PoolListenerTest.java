package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PoolListenerTest {

    @Test
    void reportsAcquireUsageCreationAndTimeouts() throws Exception {
        AtomicInteger acquired = new AtomicInteger();
        AtomicLong held = new AtomicLong();
        AtomicLong creation = new AtomicLong();
        AtomicInteger timeouts = new AtomicInteger();
        PoolListener listener = new PoolListener() {
            @Override
            public void acquired(long waitNanos) {
                acquired.incrementAndGet();
            }

            @Override
            public void released(long heldNanos) {
                held.addAndGet(heldNanos);
            }

            @Override
            public void created(long creationNanos) {
                creation.addAndGet(creationNanos);
            }

            @Override
            public void timedOut() {
                timeouts.incrementAndGet();
            }
        };
        TestFactory factory = new TestFactory();
        factory.createDelay = Duration.ofMillis(30);
        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("listened").maxSize(1).build(), factory, listener)) {
            try (Lease<TestResource> lease = pool.acquire()) {
                Thread.sleep(50);
                assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(10))).isInstanceOf(AcquireTimeoutException.class);
            }
        }
        assertThat(acquired.get()).isEqualTo(1);
        assertThat(Duration.ofNanos(held.get())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(Duration.ofNanos(creation.get())).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        assertThat(timeouts.get()).isEqualTo(1);
    }
}
