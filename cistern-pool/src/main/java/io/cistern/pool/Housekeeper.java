package io.cistern.pool;

import java.util.concurrent.atomic.AtomicReferenceArray;
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

    Housekeeper(ResourcePool<T> pool) {
        this.pool = pool;
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
        final long now = CoarseClock.now();
        final long idleTimeout = pool.idleTimeoutNanos();
        final long keepalive = pool.keepaliveNanos();
        final int minIdle = pool.config().minIdle();
        int removable = pool.liveCount() - minIdle;
        AtomicReferenceArray<PoolEntry<T>> slots = pool.slots();
        for (int i = 0, n = slots.length(); i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e == null || e.state() != PoolEntry.IDLE) {
                continue;
            }
            boolean retire = e.evicted || e.isExpired(now);
            boolean idleTooLong = idleTimeout > 0 && removable > 0 && now - e.lastUsedNanos > idleTimeout;
            boolean dueForCheck = keepalive > 0 && now - e.lastAliveNanos > keepalive;
            if (!retire && !idleTooLong && !dueForCheck) {
                continue;
            }
            if (!e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                continue;
            }
            if (retire || idleTooLong) {
                removable--;
                pool.retire(e);
            } else if (pool.validate(e)) {
                pool.offer(e);
            } else {
                removable--;
                pool.retire(e);
            }
        }
        pool.samplePeak();
        pool.fill();
    }
}
