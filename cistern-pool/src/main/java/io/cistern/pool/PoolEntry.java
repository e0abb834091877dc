package io.cistern.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One pooled resource and its bookkeeping; also the {@link Lease} handed to its holder, so that a
 * steady-state acquire allocates nothing.
 *
 * <p>Ownership follows {@link #state}: only the thread that moved the entry out of {@code IDLE}
 * (by CAS) may touch the plain fields until it moves the entry back.
 *
 * <p>Layout (why the fields are ordered and padded as they are): the creator thread allocates
 * entries and their connections one after another, and the collector later moves them in an order
 * of its own, so an entry may sit right after another thread's entry. Its written fields once began
 * at byte 12, after the header and 36 bytes from the previous entry's read fields, and the padding
 * in the middle of the object separated nothing. ConnectionCycleBenchmark at 2 threads ran in two
 * modes by fork, 24–43 ops/µs when two holders' entries shared a line and 70–79 when they did not;
 * with the written fields between head and tail padding, 5 forks of 5 ran at 69–78 (2026-12-07,
 * quiet machine, forks interleaved with the unpadded jar, which ran 25–79).
 */
final class PoolEntry<T> implements Lease<T> {
    static final int IDLE = 0;
    static final int IN_USE = 1;
    /** Taken by the pool itself: being returned, validated in the background, or retired. */
    static final int RESERVED = 2;
    static final int RETIRED = 3;

    private static final VarHandle STATE;
    private static final VarHandle USES;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PoolEntry.class, "state", long.class);
            USES = MethodHandles.lookup().findVarHandle(PoolEntry.class, "uses", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Field order is layout. The JVM puts a class's longs first, in declaration order, then its
     * ints, booleans and references, filling the 4 bytes after the header with the first int. The
     * fields every acquire and release writes (state, the times, uses) are therefore longs, between
     * two runs of 56 and 64 bytes of padding, so that no other entry's fields (nor the pooled
     * connection allocated next to it) share their cache line: entries and their connections are
     * allocated one after another by the creator thread, then moved in whatever order the
     * collector copies them. The read-mostly fields sit outside the padding. See the class comment
     * for what the measurement said.
     */

    /** The entry's slot in the table; written once, at install, so it may sit by the header. */
    int slot = -1;
    @SuppressWarnings("unused")
    private long headPad0, headPad1, headPad2, headPad3, headPad4, headPad5, headPad6;
    /** One of IDLE, IN_USE, RESERVED, RETIRED; a long only to be laid out between the paddings. */
    private volatile long state = RESERVED;
    /** Last time a holder returned it; drives the idle timeout. */
    long lastUsedNanos;
    /** Last time it was known to work (returned or validated); drives validation and keepalive. */
    long lastAliveNanos;
    /** When the current holder took it, on the sampled clock (leak age). */
    long borrowedNanos;
    /**
     * Leases of this resource so far. Written only by the holder, so counting an acquire costs no
     * atomic operation and touches no line that other threads write; the pool's statistics add
     * these up. Opaque accesses keep a concurrent reader from seeing a torn value.
     */
    private long uses;
    /** The same as {@link #borrowedNanos} on the real clock; only kept when a listener wants usage times. */
    long borrowedRealNanos;
    final long createdNanos;
    /** When the resource must be retired, if {@link #expires}; all times here are {@link io.cistern.clock.SampledClock} times. */
    final long expiresNanos;
    @SuppressWarnings("unused")
    private long tailPad0, tailPad1, tailPad2, tailPad3, tailPad4, tailPad5, tailPad6, tailPad7;
    final boolean expires;
    boolean broken;
    volatile boolean evicted;
    volatile boolean leakReported;
    final ResourcePool<T> pool;
    final T resource;
    /** Where the current holder acquired it; only set while leak detection is on. */
    volatile Throwable acquiredAt;

    PoolEntry(ResourcePool<T> pool, T resource, long createdNanos, long lifetimeNanos) {
        this.pool = pool;
        this.resource = resource;
        this.createdNanos = createdNanos;
        this.lastUsedNanos = createdNanos;
        this.lastAliveNanos = createdNanos;
        this.expires = lifetimeNanos > 0;
        this.expiresNanos = createdNanos + lifetimeNanos;
    }

    /** Counts a lease by the caller, who holds the entry. @return the leases before this one */
    long countUse() {
        long before = uses;
        USES.setOpaque(this, before + 1);
        return before;
    }

    /** @return leases so far, as seen from any thread */
    long usesSoFar() {
        return (long) USES.getOpaque(this);
    }

    int state() {
        return (int) state;
    }

    boolean casState(int expect, int update) {
        return STATE.compareAndSet(this, (long) expect, (long) update);
    }

    void setState(int update) {
        state = update;
    }

    boolean isExpired(long now) {
        return expires && now - expiresNanos >= 0;
    }

    @Override
    public T get() {
        if (state != IN_USE) {
            throw new IllegalStateException("Lease on pool '" + pool.name() + "' has been closed");
        }
        return resource;
    }

    @Override
    public void markBroken() {
        broken = true;
    }

    @Override
    public void close() {
        if (STATE.compareAndSet(this, (long) IN_USE, (long) RESERVED)) {
            pool.release(this);
        }
    }

    @Override
    public String toString() {
        return "Lease{pool=" + pool.name() + ", slot=" + slot + ", state=" + state + '}';
    }
}
