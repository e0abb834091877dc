package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Acquiring and releasing an idle resource must allocate nothing in steady state. The JVM's own
 * per-thread allocation counter measures it exactly: one small object per cycle would show up as
 * at least 16 bytes times the cycle count.
 */
class HotPathAllocationTest {

    @Test
    void steadyStateAcquireReleaseAllocatesNothing() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "this JVM does not expose per-thread allocation counters (com.sun.management.ThreadMXBean)");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM does not count per-thread allocation");
        threads.setThreadAllocatedMemoryEnabled(true);

        try (ResourcePool<TestResource> pool = ResourcePool.create(
                PoolConfig.builder().name("alloc").maxSize(4).minIdle(4).warmUp(true).build(), new TestFactory())) {
            for (int i = 0; i < 200_000; i++) { // warm up and let the JIT compile the path
                cycle(pool);
            }
            long tid = Thread.currentThread().getId();
            int cycles = 100_000;
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < cycles; i++) {
                cycle(pool);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(allocated)
                    .as("bytes allocated by %d acquire/release cycles", cycles)
                    .isLessThan(cycles);
        }
    }

    private static void cycle(ResourcePool<TestResource> pool) throws InterruptedException {
        try (Lease<TestResource> lease = pool.acquire()) {
            if (lease.get() == null) {
                throw new AssertionError();
            }
        }
    }
}
