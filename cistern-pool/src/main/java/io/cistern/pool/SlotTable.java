package io.cistern.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The pool's resources: one slot per resource the pool may hold, the count of resources that
 * exist (the number {@code maxSize} bounds), and the scans over them. A container, not a policy:
 * it never creates, validates or destroys anything and owns no thread; whether an entry may be
 * lent (its {@link IdleVerdict}), when to retire it and what to do with it after a scan are the
 * pool's. So a test can build it with no pool at all, as the Lincheck model-checking tests do.
 *
 * <p>Ownership: a slot holds an entry from {@link #install} until {@link #remove}; what may be
 * done with the entry is decided by its state, as {@link PoolEntry} says, never by the slot.
 * Every scan here only reads slots and moves entries out of {@code IDLE} by CAS, so a scan never
 * takes an entry from a holder. A count reserved by {@link #reserve} is held from the moment a
 * creation is decided until the resource's destruction has finished ({@link #release}), which is
 * longer than the entry sits in its slot: the bound holds for what the database sees.
 *
 * <p>{@link #limit()} is one past the highest slot ever filled. New entries take the lowest free
 * slot and the limit is raised before an entry is stored, so every entry present sits below the
 * limit and every scan may stop there instead of walking the empty tail of a large, lightly used
 * pool.
 *
 * @param <T> the resource type
 */
final class SlotTable<T> {
    private static final VarHandle LIMIT;
    private static final VarHandle ALLOCATED;

    static {
        try {
            LIMIT = MethodHandles.lookup().findVarHandle(SlotTable.class, "limit", int.class);
            ALLOCATED = MethodHandles.lookup().findVarHandle(SlotTable.class, "allocated", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Asked whether an idle entry may be lent; the table itself knows nothing of validation. */
    private final IdleVerdict<T> verdict;
    private final AtomicReferenceArray<PoolEntry<T>> slots;
    /** Fields rather than atomics, so the hot path reads them from this object with no further hop. */
    private volatile int limit;
    /** Resources alive, being created or being destroyed. */
    private volatile int allocated;

    SlotTable(IdleVerdict<T> verdict, int capacity) {
        this.verdict = verdict;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** @return the number of slots: the pool's maximum size */
    int capacity() {
        return slots.length();
    }

    /** @return one past the highest slot ever filled */
    int limit() {
        return limit;
    }

    /** @return the entry in slot {@code i}, or {@code null} */
    PoolEntry<T> get(int i) {
        return slots.get(i);
    }

    /**
     * Takes an idle entry the pool lets us lend, with one CAS, starting at a slot chosen by the
     * calling thread; an idle entry the pool refuses is its to keep or retire, and the scan goes on.
     *
     * @param validate whether to validate an entry idle past the bypass window here, by
     *     {@code deadline}; if not, such an entry is returned unvalidated for the caller to check
     * @return the entry, now {@code IN_USE} and the caller's, or {@code null} if none was idle
     */
    PoolEntry<T> pollIdle(long now, boolean validate, long deadline) {
        final AtomicReferenceArray<PoolEntry<T>> s = slots;
        final int n = limit;
        int i = startSlot(Thread.currentThread().getId(), n);
        for (int k = 0; k < n; k++) {
            // An acquire read suffices: the state CAS below is what hands the entry over.
            PoolEntry<T> e = s.getAcquire(i);
            if (e != null && e.state() == PoolEntry.IDLE && !(validate && verdict.cannotValidate(e, now, deadline))
                    && e.casState(PoolEntry.IDLE, PoolEntry.IN_USE) && verdict.isUsable(e, now, validate, deadline)) {
                return e;
            }
            if (++i == n) {
                i = 0;
            }
        }
        return null;
    }

    /**
     * Where a thread starts looking: a fixed slot per thread keeps it on "its" resource when the
     * pool is not contended, and threads with consecutive ids (a worker pool's threads, started
     * together) start on different slots: any {@code n} consecutive ids when {@code n} is a power
     * of two, and any two consecutive ids unless {@code n + 1} is one (then one pair in
     * {@code n + 1} shares). The id's low bits under a mask below {@code 2n} and one subtraction
     * give that without an integer division, which alone takes tens of cycles on a path that runs
     * in about 22 ns. A hash of the id
     * (multiply-shift, as before 2026-12-07) spread them at random instead: at two threads and two
     * resources they shared a start slot half the time, and a JMH fork that drew such ids ran
     * ConnectionCycleBenchmark at 2 threads at 16–40 ops/µs instead of 68–88, so medians of a few
     * forks swung by 2x between identical jars.
     *
     * @return a slot in {@code [0, n)}, or an unspecified value when {@code n} is 0 (nothing to scan)
     */
    static int startSlot(long threadId, int n) {
        int i = (int) threadId & ((Integer.highestOneBit(n) << 1) - 1);
        return i >= n ? i - n : i;
    }

    /** @return how many entries are in {@code state} now (a snapshot: they change as it counts) */
    int count(int state) {
        int count = 0;
        for (int i = 0, n = limit; i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null && e.state() == state) {
                count++;
            }
        }
        return count;
    }

    /** @return whether any entry is idle */
    boolean hasIdle() {
        for (int i = 0, n = limit; i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null && e.state() == PoolEntry.IDLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one walk over the entries, for the housekeeper, statistics, eviction, close and leak
     * reports: visits every entry present, in slot order, up to the limit. The visitor owns
     * nothing it is shown; to act on an entry it must first move it out of its state by CAS.
     *
     * @return how many entries the visitor answered {@code true} for
     */
    int scan(Predicate<? super PoolEntry<T>> visitor) {
        int matched = 0;
        for (int i = 0, n = limit; i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null && visitor.test(e)) {
                matched++;
            }
        }
        return matched;
    }

    /** Stores a new entry, which the caller owns, in the lowest free slot; a count must be reserved for it. */
    void install(PoolEntry<T> e) {
        for (int i = 0; ; i++) {
            if (slots.get(i) == null) {
                // Raised first, so a scan that can see the entry also reaches its slot.
                raiseLimit(i + 1);
                if (slots.compareAndSet(i, null, e)) {
                    e.slot = i;
                    return;
                }
            }
        }
    }

    private void raiseLimit(int atLeast) {
        int seen;
        while ((seen = limit) < atLeast && !LIMIT.compareAndSet(this, seen, atLeast)) {
            // lost to another install; read again
        }
    }

    /**
     * Empties the entry's slot; the caller must own the entry (it is {@code RETIRED}).
     *
     * @return whether it was still there (it is removed once, whoever asks twice)
     */
    boolean remove(PoolEntry<T> e) {
        return slots.compareAndSet(e.slot, e, null);
    }

    /** Counts one more resource against the capacity, if there is room. @return whether there was */
    boolean reserve() {
        int max = slots.length();
        for (;;) {
            int n = allocated;
            if (n >= max) {
                return false;
            }
            if (ALLOCATED.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back a count taken by {@link #reserve}: the resource is gone or was never made. */
    void release() {
        ALLOCATED.getAndAdd(this, -1);
    }

    /** @return the resources counted now: alive, being created or being destroyed */
    int allocated() {
        return allocated;
    }
}
