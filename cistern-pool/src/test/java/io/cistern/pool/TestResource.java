package io.cistern.pool;

import java.util.concurrent.atomic.AtomicReference;

/** A resource that knows who holds it, so tests can prove no two holders ever share one. */
final class TestResource {
    final int id;
    final AtomicReference<Thread> holder = new AtomicReference<>();
    volatile boolean alive = true;
    volatile boolean destroyed;
    volatile boolean dirty;

    TestResource(int id) {
        this.id = id;
    }

    /** Claims the resource for the calling thread; fails loudly if someone else has it. */
    void claim() {
        Thread current = Thread.currentThread();
        if (!holder.compareAndSet(null, current)) {
            throw new AssertionError("resource " + id + " handed to " + current + " while held by " + holder.get());
        }
        if (destroyed) {
            throw new AssertionError("resource " + id + " used after it was destroyed");
        }
    }

    void unclaim() {
        if (!holder.compareAndSet(Thread.currentThread(), null)) {
            throw new AssertionError("resource " + id + " released by a thread that did not hold it");
        }
    }

    @Override
    public String toString() {
        return "TestResource#" + id;
    }
}
