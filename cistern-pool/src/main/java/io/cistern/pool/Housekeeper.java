package io.cistern.pool;

import io.cistern.clock.SampledClock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic upkeep of one pool: retires idle resources past the idle timeout (keeping
 * {@code minIdle}) and expired or evicted ones, validates long-idle ones (keepalive), and
 * refills. Only idle entries are touched, each taken by CAS so no holder ever loses one.
 */
final class Housekeeper<T> implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);

    private final ResourcePool<T> pool;
    private final long idleTimeout;
    private final long keepalive;
    /** Kept, so that a sweep allocates nothing. */
    private final Predicate<PoolEntry<T>> visit = this::visit;
    /** The sweep under way: its time, and how many more may retire for idleness (keeping minIdle). Housekeeping is one thread. */
    private long now;
    private int removable;

    Housekeeper(ResourcePool<T> pool) {
        this.pool = pool;
        this.idleTimeout = pool.idleTimeoutNanos();
        this.keepalive = pool.keepaliveNanos();
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException unexpected) {
            // A scheduled task that throws is never run again; log and keep the pool maintained.
            log.error("Pool '{}': housekeeping failed", pool.name(), unexpected);
        }
    }

    private void sweep() {
        now = SampledClock.now();
        removable = pool.liveCount() - pool.config().minIdle();
        pool.slots().scan(visit);
        pool.samplePeak();
        pool.fill();
    }

    /** Upkeep of one entry: only an idle one, taken by CAS first. @return whether it was retired */
    private boolean visit(PoolEntry<T> e) {
        if (e.state() != PoolEntry.IDLE) {
            return false;
        }
        boolean retire = e.evicted || e.isExpired(now);
        boolean idleTooLong = idleTimeout > 0 && removable > 0 && now - e.lastUsedNanos > idleTimeout;
        boolean dueForCheck = keepalive > 0 && now - e.lastAliveNanos > keepalive;
        if (!retire && !idleTooLong && !dueForCheck || !e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            return false;
        }
        if (!retire && !idleTooLong && pool.validate(e)) {
            pool.offer(e);
            return false;
        }
        removable--;
        pool.retire(e);
        return true;
    }
}
