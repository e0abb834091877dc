package io.cistern.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The exact LRU, LFU and FIFO policies: a hash map for lookups and an {@link EntryOrder} for the
 * eviction order, both changed under one lock.
 *
 * <p>Why one lock: an exact global order cannot be split into independently locked stripes, and
 * approximating it with read buffers (as Caffeine does) would give up the exactness these policies
 * exist for. The lock is held only for O(1) list work and O(log n) expiry-heap work, never while a
 * loader or a caller's predicate runs. Reads of a FIFO cache do not change its order and take no lock.
 */
final class ExactQueryCache<K, V> extends AbstractQueryCache<K, V> {

    /** Expired entries removed per lock hold, so a mass expiry does not stall every caller at once. */
    private static final int SWEEP_BATCH = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<K, Node<K, V>> nodes = new ConcurrentHashMap<>();
    private final EntryOrder<K, V> order;
    private final ExpiryQueue<K, V> expiryQueue = new ExpiryQueue<>();
    private final long maximumSize;
    private final SweepSchedule sweeps = new SweepSchedule(this);

    // Guarded by lock.
    private long size;

    ExactQueryCache(EntryOrder<K, V> order, long maximumSize, CacheClock clock, long defaultTtlNanos) {
        super(clock, defaultTtlNanos);
        this.order = order;
        this.maximumSize = maximumSize;
    }

    @Override
    Stamped<V> lookup(K key) {
        if (!order.reordersOnRead()) {
            return lookupWithoutLock(key);
        }
        lock.lock();
        try {
            Node<K, V> node = nodes.get(key);
            if (node == null) {
                return null;
            }
            if (hasExpired(node.entry)) {
                unlink(node);
                stats.recordExpiration();
                return null;
            }
            order.used(node);
            return node.entry;
        } finally {
            lock.unlock();
        }
    }

    private Stamped<V> lookupWithoutLock(K key) {
        Node<K, V> node = nodes.get(key);
        if (node == null) {
            return null;
        }
        Stamped<V> entry = node.entry;
        if (!hasExpired(entry)) {
            return entry;
        }
        lock.lock();
        try {
            // Only the thread that finds it still there counts the expiration.
            if (nodes.get(key) == node && hasExpired(node.entry)) {
                unlink(node);
                stats.recordExpiration();
            }
        } finally {
            lock.unlock();
        }
        return null;
    }

    @Override
    void store(K key, Stamped<V> entry) {
        lock.lock();
        try {
            storeLocked(key, entry);
        } finally {
            lock.unlock();
        }
    }

    @Override
    void storeLoaded(K key, Stamped<V> entry, Load<V> load) {
        lock.lock();
        try {
            if (!load.isDiscarded()) {
                storeLocked(key, entry);
            }
        } finally {
            lock.unlock();
        }
    }

    private void storeLocked(K key, Stamped<V> entry) {
        long now = clock.nanos();
        Node<K, V> node = nodes.get(key);
        if (node != null && node.entry.isExpired(now)) {
            unlink(node);
            stats.recordExpiration();
            node = null;
        }
        if (node == null) {
            // The victim is chosen among the entries already here, as in demand paging; chosen
            // after inserting, LFU would evict the newcomer itself whenever all others were reused.
            makeRoom(now);
            if (maximumSize == 0) {
                stats.recordEviction();
                return;
            }
            node = order.newNode(key, entry);
            nodes.put(key, node);
            order.added(node);
            size++;
        } else {
            node.entry = entry;
            order.used(node);
        }
        expiryQueue.track(node);
        if (entry.expires()) {
            scheduleSweep();
        }
    }

    private void makeRoom(long now) {
        if (size < maximumSize) {
            return;
        }
        // Expired entries go before any live one is evicted.
        expire(now, Integer.MAX_VALUE);
        while (size >= maximumSize && size > 0) {
            unlink(order.victim());
            stats.recordEviction();
        }
    }

    @Override
    Stamped<V> delete(K key) {
        lock.lock();
        try {
            return deleteLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private Stamped<V> deleteLocked(K key) {
        Node<K, V> node = nodes.get(key);
        if (node == null) {
            return null;
        }
        unlink(node);
        if (hasExpired(node.entry)) {
            stats.recordExpiration();
            return null;
        }
        return node.entry;
    }

    @Override
    void deleteAll() {
        lock.lock();
        try {
            nodes.clear();
            order.clear();
            expiryQueue.clear();
            size = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    long deleteMatching(Predicate<? super K> keyPredicate) {
        List<K> matching = new ArrayList<>();
        for (K key : nodes.keySet()) {
            if (keyPredicate.test(key)) {
                matching.add(key);
            }
        }
        long removed = 0;
        for (int from = 0; from < matching.size(); from += SWEEP_BATCH) {
            lock.lock();
            try {
                for (K key : matching.subList(from, Math.min(from + SWEEP_BATCH, matching.size()))) {
                    if (deleteLocked(key) != null) {
                        removed++;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
        return removed;
    }

    @Override
    long count() {
        lock.lock();
        try {
            expire(clock.nanos(), Integer.MAX_VALUE);
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void sweepExpired() {
        boolean more;
        do {
            lock.lock();
            try {
                more = expire(clock.nanos(), SWEEP_BATCH) == SWEEP_BATCH;
                if (!more) {
                    sweeps.started();
                    scheduleSweep();
                }
            } finally {
                lock.unlock();
            }
        } while (more);
    }

    private int expire(long now, int limit) {
        int expired = 0;
        Node<K, V> earliest;
        while (expired < limit && (earliest = expiryQueue.earliest()) != null && earliest.entry.isExpired(now)) {
            unlink(earliest);
            stats.recordExpiration();
            expired++;
        }
        return expired;
    }

    private void scheduleSweep() {
        Node<K, V> earliest = expiryQueue.earliest();
        if (earliest != null) {
            sweeps.sweepBy(earliest.entry.deadline(), clock.nanos());
        }
    }

    private void unlink(Node<K, V> node) {
        nodes.remove(node.key, node);
        order.removed(node);
        expiryQueue.remove(node);
        size--;
    }
}
