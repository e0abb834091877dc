package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.clock.ClockDriver;
import io.cistern.testkit.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    @Test
    void aLeaseHeldPastTheThresholdIsReportedOnceWithWhereItWasAcquired() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("leaky").maxSize(2)
                .leakDetectionThreshold(Duration.ofMillis(100)).build(), new TestFactory())) {
            Lease<TestResource> leaked = pool.acquire();
            PoolEntry<TestResource> entry = (PoolEntry<TestResource>) leaked;
            StackTraceElement[] acquiredAt = entry.acquiredAt.getStackTrace();
            assertThat(acquiredAt).anySatisfy(frame -> assertThat(frame.getMethodName())
                    .isEqualTo("aLeaseHeldPastTheThresholdIsReportedOnceWithWhereItWasAcquired"));
            ClockDriver.advance(Duration.ofMillis(150));
            Await.until("the leak is reported", () -> pool.stats().leaksDetected() == 1);
            Thread.sleep(300);
            assertThat(pool.stats().leaksDetected()).as("reported once, not on every scan").isEqualTo(1);
            leaked.close();
            assertThat(entry.acquiredAt).isNull();
            // Short leases are not leaks.
            for (int i = 0; i < 20; i++) {
                pool.acquire().close();
            }
            Thread.sleep(200);
            assertThat(pool.stats().leaksDetected()).isEqualTo(1);
        }
    }

    @Test
    void offByDefaultAndRecordsNothing() throws Exception {
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("no-leak-check").maxSize(1).build(),
                new TestFactory())) {
            try (Lease<TestResource> lease = pool.acquire()) {
                assertThat(((PoolEntry<TestResource>) lease).acquiredAt).isNull();
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("cistern-no-leak-check-leak"));
        }
    }
}
