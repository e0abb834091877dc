package io.cistern.memory.embedding;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link HashedBagOfWords} the test can make fail (as a remote model does when its service is
 * down) or hold inside a call (as a slow model does), to drive the store's failure and queue paths.
 */
final class ControlledModel implements EmbeddingModel {

    private final HashedBagOfWords words = new HashedBagOfWords();
    private volatile boolean failing;
    private volatile Semaphore gate;
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    void failing(boolean value) {
        failing = value;
    }

    /** Calls from now on wait until {@link #open()}. */
    void hold() {
        gate = new Semaphore(0);
    }

    void open() {
        Semaphore g = gate;
        gate = null;
        if (g != null) {
            g.release(Integer.MAX_VALUE / 2);
        }
    }

    @Override
    public String name() {
        return words.name();
    }

    @Override
    public int dimensions() {
        return words.dimensions();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        calls.incrementAndGet();
        entered.countDown();
        Semaphore g = gate;
        if (g != null) {
            try {
                if (!g.tryAcquire(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failing) {
            throw new IllegalStateException("model service unavailable (test)");
        }
        return words.embedAll(texts);
    }
}
