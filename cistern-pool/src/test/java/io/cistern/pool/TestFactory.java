package io.cistern.pool;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A factory whose behaviour the test steers: it can fail, hang, be slow or report resources dead,
 * and it counts everything the pool does to it, including how many resources are alive at once.
 */
final class TestFactory implements ResourceFactory<TestResource> {
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();
    final AtomicInteger createCalls = new AtomicInteger();
    final AtomicInteger validations = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger live = new AtomicInteger();
    final AtomicInteger maxLive = new AtomicInteger();
    final AtomicInteger creating = new AtomicInteger();
    final AtomicInteger maxCreating = new AtomicInteger();

    volatile boolean failing;
    volatile Duration createDelay = Duration.ZERO;
    /** When set, create() blocks on it, ignoring interrupts, until counted down. */
    volatile CountDownLatch hang;
    volatile boolean resetFails;

    @Override
    public TestResource create() throws Exception {
        createCalls.incrementAndGet();
        int nowCreating = creating.incrementAndGet();
        maxCreating.accumulateAndGet(nowCreating, Math::max);
        // The resource counts as live from the moment creation starts: that is what maxSize bounds.
        int nowLive = live.incrementAndGet();
        maxLive.accumulateAndGet(nowLive, Math::max);
        boolean ok = false;
        try {
            CountDownLatch latch = hang;
            if (latch != null) {
                while (true) {
                    try {
                        latch.await();
                        break;
                    } catch (InterruptedException ignored) {
                        // a hung driver ignores interrupts
                    }
                }
            }
            if (!createDelay.isZero()) {
                Thread.sleep(createDelay.toMillis());
            }
            if (failing) {
                throw new IllegalStateException("database unreachable (test)");
            }
            ok = true;
            return new TestResource(created.incrementAndGet());
        } finally {
            creating.decrementAndGet();
            if (!ok) {
                live.decrementAndGet();
            }
        }
    }

    @Override
    public boolean validate(TestResource resource, Duration timeout) {
        validations.incrementAndGet();
        return resource.alive;
    }

    @Override
    public void reset(TestResource resource) throws Exception {
        resets.incrementAndGet();
        if (resetFails) {
            throw new IllegalStateException("reset failed (test)");
        }
        resource.dirty = false;
    }

    @Override
    public void destroy(TestResource resource) {
        if (resource.destroyed) {
            throw new AssertionError(resource + " destroyed twice");
        }
        resource.destroyed = true;
        destroyed.incrementAndGet();
        live.decrementAndGet();
    }
}
