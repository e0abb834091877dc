package io.cistern.pool;

import static org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt.scenario;

import io.cistern.clock.SampledClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import kotlin.Unit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * The pool's engine without the pool, for Lincheck: a real {@link SlotTable} and a real
 * {@link WaitQueue}, driven the way {@link ResourcePool} drives them, with no thread of its own.
 * The pool's creator, destroyer and housekeeper are what made an earlier attempt
 * non-deterministic under Lincheck; here their steps are operations of the scenario, run on
 * Lincheck's threads, so every interleaving of creation, eviction, destruction and close with
 * acquire and release is explored. The pool's answers through the seam ({@link IdleVerdict},
 * {@link QueueOwner}) are the ones it gives a resource that never expires, is never flagged for
 * eviction and never needs validating; what the pool itself does around the containers (retire,
 * release and offer in a closed pool) is what {@code ResourcePool} does, kept as short.
 *
 * <p>Made so that it is linearizable when the containers are right. Every operation is one step
 * the pool takes at once, and returns what a sequential run of the same operations returns. The
 * pool's multi-step work is cut where the pool itself lets others see a half-done state:
 * creating a resource is {@link #reserve} (the count, taken first and held while the creator
 * works) then {@link #install}; retiring one takes it out of use and out of its slot, and the
 * count is given back only by a later {@link #destroyed} (in the pool, once the destroyer
 * thread has finished). Each Lincheck thread keeps its own leases, reservations and pending
 * destructions, indexed by the thread number Lincheck passes in (which a sequential run receives
 * too), and settles only those: no shared stack races with the containers. Results name no
 * slot, since where a scan starts depends on the calling thread's id, which differs between the
 * parallel and the sequential run.
 *
 * <p>The invariants the pool depends on are checked as they happen and after every invocation:
 * never two holders of one entry (each resource counts its holders), never more counted than
 * capacity, a released entry either idle or handed to exactly one waiter (at the end nobody is
 * queued, every entry in a slot is idle or held by exactly the thread that took it, and every
 * entry a thread holds is still in use and in its slot, not retired under it), and every count
 * accounted for (entries in slots, plus reservations and destructions still pending).
 */
public abstract class PoolContainersModel implements IdleVerdict<PoolContainersModel.Probe>,
        QueueOwner<PoolContainersModel.Probe> {
    /** Thread numbers Lincheck passes in: one for the initial and final parts, one per parallel thread. */
    private static final int THREAD_NUMBERS = 8;

    /** A resource that counts its holders. */
    static final class Probe {
        final int id;
        final AtomicInteger holders = new AtomicInteger();

        Probe(int id) {
            this.id = id;
        }
    }

    /** What one Lincheck thread holds; only that thread touches its own. */
    private static final class Holdings {
        final ArrayDeque<PoolEntry<Probe>> leases = new ArrayDeque<>();
        int reservations;
        int destructions;
    }

    private final int capacity;
    private final SlotTable<Probe> table;
    private final WaitQueue<Probe> queue;
    private final long overtakeLimitNanos;
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;
    /** The first invariant seen broken during the invocation, or null. */
    private final AtomicReference<String> broken = new AtomicReference<>();
    private final Holdings[] holdings = new Holdings[THREAD_NUMBERS];
    /**
     * The Lincheck thread number of the operation running on this thread, for a retirement the
     * queue causes through {@link #offer(PoolEntry)}: set by each operation before it starts.
     */
    private final ThreadLocal<Holdings> current = new ThreadLocal<>();

    /**
     * @param capacity the pool's maximum size
     * @param overtakeLimitNanos as {@link PoolConfig#overtakeLimit()}: zero hands every release to a waiter
     */
    protected PoolContainersModel(int capacity, long overtakeLimitNanos) {
        this.capacity = capacity;
        this.table = new SlotTable<>(this, capacity);
        this.queue = new WaitQueue<>(this, table, overtakeLimitNanos);
        this.overtakeLimitNanos = overtakeLimitNanos;
        for (int i = 0; i < THREAD_NUMBERS; i++) {
            holdings[i] = new Holdings();
        }
    }

    /**
     * The creator deciding to make a resource: it looks at the pool's state, then counts the
     * resource against the capacity ({@code ResourceCreator}), before the resource exists.
     */
    @Operation
    public String reserve(@Param(gen = ThreadIdGen.class) int thread) {
        Holdings mine = enter(thread);
        if (closed) {
            return "closed";
        }
        if (!table.reserve()) {
            return "full";
        }
        mine.reservations++;
        int counted = table.allocated();
        if (counted > capacity) {
            return broken(counted + " resources counted, over the capacity of " + capacity);
        }
        return "reserved";
    }

    /**
     * The resource made ({@code ResourcePool.install}): stored in a slot and given to the queue,
     * which hands it to the oldest waiter if anyone waits; in a closed pool it is retired.
     */
    @Operation
    public String install(@Param(gen = ThreadIdGen.class) int thread) {
        Holdings mine = enter(thread);
        if (mine.reservations == 0) {
            return "nothing reserved";
        }
        mine.reservations--;
        PoolEntry<Probe> e = new PoolEntry<>(null, new Probe(created.incrementAndGet()), 0L, 0L);
        table.install(e);
        offer(e, true);
        return "installed";
    }

    /**
     * {@code ResourcePool.acquire(Duration.ZERO)}: the fast path's scan (skipped in a strictly
     * fair pool while others queue), then the queue with a zero timeout, where the caller looks
     * once more and may be handed an entry before it gives up.
     */
    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int thread) throws InterruptedException {
        Holdings mine = enter(thread);
        if (closed) {
            return "closed";
        }
        PoolEntry<Probe> e = null;
        if (overtakeLimitNanos != 0 || queue.size() == 0) {
            e = table.pollIdle(SampledClock.now(), false, 0L);
        }
        if (e == null) {
            long start = System.nanoTime();
            try {
                e = queue.await(start, 0L, start + Duration.ofSeconds(5).toNanos());
            } catch (AcquireTimeoutException timedOut) {
                return "none idle";
            } catch (PoolClosedException poolClosed) {
                return "closed";
            }
        }
        int holders = e.resource.holders.incrementAndGet();
        mine.leases.push(e);
        if (holders != 1) {
            return broken("entry " + e.resource.id + " acquired while held: " + holders + " holders");
        }
        return "acquired";
    }

    /**
     * Closes the calling thread's latest lease, as {@code PoolEntry.close()} and
     * {@code ResourcePool.release} do: retired in a closed pool, otherwise offered (idle, or
     * handed to a waiter).
     */
    @Operation
    public String release(@Param(gen = ThreadIdGen.class) int thread) {
        Holdings mine = enter(thread);
        PoolEntry<Probe> e = mine.leases.poll();
        if (e == null) {
            return "none held";
        }
        e.resource.holders.decrementAndGet();
        if (!e.casState(PoolEntry.IN_USE, PoolEntry.RESERVED)) {
            return broken("entry " + e.resource.id + " was not in use when its holder closed it");
        }
        if (closed) {
            retire(e);
        } else {
            offer(e, false);
        }
        return "released";
    }

    /**
     * {@code ResourcePool.softEvictAll} and the housekeeper's retirement of idle entries: every
     * idle entry it can take by CAS is retired.
     *
     * @return how many
     */
    @Operation
    public int evict(@Param(gen = ThreadIdGen.class) int thread) {
        enter(thread);
        return table.scan(this::retireIfIdle);
    }

    /** The destroyer finishing one destruction this thread's retirements left: its count is given back. */
    @Operation
    public String destroyed(@Param(gen = ThreadIdGen.class) int thread) {
        Holdings mine = enter(thread);
        if (mine.destructions == 0) {
            return "nothing to destroy";
        }
        mine.destructions--;
        table.release();
        return "destroyed";
    }

    /**
     * {@code ResourcePool.close} as far as the containers go: closed for new acquires and
     * creations, every waiter failed, every idle entry retired.
     *
     * @return how many idle entries it retired
     */
    @Operation
    public int close(@Param(gen = ThreadIdGen.class) int thread) {
        enter(thread);
        closed = true;
        queue.failAll();
        return table.scan(this::retireIfIdle);
    }

    /**
     * After every invocation, with all threads done: nobody queued (every acquire here gives up
     * at once), every entry in a slot idle or held by exactly one thread, none idle in a closed
     * pool, and the count equal to the entries in slots plus the reservations and destructions
     * still pending.
     */
    @Validate
    public void everyEntryAndCountAccountedFor() {
        List<PoolEntry<Probe>> heldNow = new ArrayList<>();
        int pending = 0;
        for (Holdings h : holdings) {
            heldNow.addAll(h.leases);
            pending += h.reservations + h.destructions;
        }
        List<String> wrong = new ArrayList<>();
        if (broken.get() != null) {
            wrong.add(broken.get());
        }
        if (queue.size() != 0) {
            wrong.add(queue.size() + " waiters still queued");
        }
        int present = 0;
        for (int i = 0; i < table.limit(); i++) {
            PoolEntry<Probe> e = table.get(i);
            if (e == null) {
                continue;
            }
            present++;
            int holders = e.resource.holders.get();
            int state = e.state();
            if (state == PoolEntry.IDLE && (holders != 0 || heldNow.contains(e) || closed)) {
                wrong.add("entry " + e.resource.id + " idle with " + holders + " holders" + (closed ? " in a closed pool" : ""));
            } else if (state == PoolEntry.IN_USE && (holders != 1 || !heldNow.contains(e))) {
                wrong.add("entry " + e.resource.id + " in use with " + holders + " holders, kept by a thread: " + heldNow.contains(e));
            } else if (state != PoolEntry.IDLE && state != PoolEntry.IN_USE) {
                wrong.add("entry " + e.resource.id + " left in a slot in state " + state);
            }
        }
        for (PoolEntry<Probe> e : heldNow) {
            if (e.state() != PoolEntry.IN_USE || e.slot < 0 || table.get(e.slot) != e) {
                wrong.add("entry " + e.resource.id + " kept by a thread but in state " + e.state()
                        + (e.slot >= 0 && table.get(e.slot) == e ? "" : ", out of its slot"));
            }
        }
        if (table.allocated() != present + pending) {
            wrong.add(table.allocated() + " counted but " + present + " in slots and " + pending + " pending");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(String.join("; ", wrong));
        }
    }

    /**
     * The model-checking parameters every test of this model runs with: 3 threads of 3
     * operations each (after Lincheck's initial operations), 30 random scenarios of 500
     * interleavings each, after the scenarios below, which random generation reaches too rarely
     * (in a run of 30, none had two callers waiting while a third released or installed).
     */
    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().iterations(30).invocationsPerIteration(500).threads(3).actorsPerThread(3)
                .addCustomScenario(twoWaitersAndOneEntry("acquire", "release"))
                .addCustomScenario(twoWaitersAndOneEntry(null, "install"))
                .addCustomScenario(scenario(s -> {
                    s.parallel(p -> {
                        p.thread(t -> actors(t, 1, "reserve", "install", "acquire"));
                        p.thread(t -> actors(t, 2, "reserve", "install", "acquire"));
                        p.thread(t -> actors(t, 3, "reserve", "install", "acquire"));
                        return Unit.INSTANCE;
                    });
                    return Unit.INSTANCE;
                }));
    }

    /**
     * Two callers acquire while a third makes the one entry available: it releases the entry the
     * initial part took for it, or installs the resource the initial part reserved for it. One
     * of the two must get the entry, never both, and it must not be lost to a waiter that gave
     * up. The entry is taken or reserved before the parallel part (under the releasing thread's
     * number, which only that thread then uses) so that the interleaving that matters, both
     * callers queued when the entry comes, takes two thread switches, not three: with three,
     * 5,000 interleavings of the scenario never reached it.
     *
     * @param taken the operation the initial part runs after reserving and installing, or
     *     {@code null} to stop after reserving
     */
    private static ExecutionScenario twoWaitersAndOneEntry(String taken, String then) {
        return scenario(s -> {
            s.initial(t -> taken == null ? actors(t, 1, "reserve") : actors(t, 1, "reserve", "install", taken));
            s.parallel(p -> {
                p.thread(t -> actors(t, 1, then));
                p.thread(t -> actors(t, 2, "acquire"));
                p.thread(t -> actors(t, 3, "acquire"));
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    /** Adds the named operations, each called with the Lincheck thread number {@code thread}. */
    private static Unit actors(DSLThreadScenario t, int thread, String... operations) {
        for (String operation : operations) {
            try {
                t.add(new Actor(PoolContainersModel.class.getMethod(operation, int.class), List.of(thread)));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("no operation " + operation + "(int thread) in the model", e);
            }
        }
        return Unit.INSTANCE;
    }

    private Holdings enter(int thread) {
        Holdings mine = holdings[thread];
        current.set(mine);
        return mine;
    }

    /** Records the first broken invariant, for the validation after the invocation. @return a description */
    private String broken(String what) {
        broken.compareAndSet(null, what);
        return what;
    }

    /** {@code ResourcePool.offer}: idle or to a waiter; in a closed pool retired, whoever gets it back first. */
    private void offer(PoolEntry<Probe> e, boolean toQueue) {
        queue.offer(e, toQueue);
        if (closed && e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            retire(e);
        }
    }

    private boolean retireIfIdle(PoolEntry<Probe> e) {
        if (!e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            return false;
        }
        retire(e);
        return true;
    }

    /** {@code ResourcePool.retire}: out of its slot; the count stays until {@link #destroyed}. */
    private void retire(PoolEntry<Probe> e) {
        e.setState(PoolEntry.RETIRED);
        table.remove(e);
        current.get().destructions++;
    }

    // The pool's answers through the seam, for resources that never expire or need validating.

    @Override
    public boolean cannotValidate(PoolEntry<Probe> e, long now, long deadline) {
        return false;
    }

    @Override
    public boolean isUsable(PoolEntry<Probe> e, long now, boolean validate, long deadline) {
        return true;
    }

    /** Creation is operations of the scenario here ({@link #reserve}, {@link #install}), not a background thread's. */
    @Override
    public void fill() {
    }

    @Override
    public void offer(PoolEntry<Probe> e) {
        offer(e, false);
    }

    @Override
    public boolean isShutdown() {
        return closed;
    }

    @Override
    public String name() {
        return "lincheck";
    }

    @Override
    public AcquireTimeoutException timeout(long timeoutNanos) {
        return new AcquireTimeoutException("no resource idle", Duration.ofNanos(timeoutNanos), null);
    }

    @Override
    public void timedOut() {
    }

    @Override
    public Object blocker() {
        return this;
    }
}
