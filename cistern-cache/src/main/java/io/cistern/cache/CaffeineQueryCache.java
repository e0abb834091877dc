package io.cistern.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * {@link EvictionPolicy#WINDOW_TINY_LFU} (Caffeine bounded by size) and {@link EvictionPolicy#TTL_ONLY}
 * (Caffeine unbounded), with expiry kept here rather than in Caffeine.
 *
 * <p>Why not Caffeine's own per-entry expiry ({@code expireAfter}): it reads the ticker and updates
 * the entry's expiry time on every read, whether or not any entry ever expires, which cost about
 * half of Caffeine's read throughput in our benchmark (its {@code CAFFEINE_VARIABLE_EXPIRY} row). Here a read of an entry without a time to
 * live costs nothing beyond Caffeine's own read, and one with a time to live one ticker read. The
 * entries that can expire are also kept in an {@link ExpiryQueue} under a lock taken only by writes
 * of such entries, from which the shared expiry thread removes them when due.
 *
 * <p>Caffeine's own statistics and loading are not used: counting here keeps the meaning of every
 * counter the same across policies, and loading in {@link AbstractQueryCache} keeps a slow loader
 * from holding Caffeine's hash-bin lock, which would block writes to unrelated keys.
 *
 * <p>Eviction runs on Caffeine's default executor, the common pool, as Caffeine recommends: right
 * after a burst of writes the cache may hold a few entries more than its maximum until the pool
 * catches up; {@link #count()} waits for that.
 *
 * <p>Each entry leaves the map through exactly one atomic map operation (an eviction, a conditional
 * remove on expiry, an explicit remove or a replacement), and that operation alone counts it, which
 * is what keeps the counters exact under concurrency. Lock order: never call Caffeine while holding
 * {@link #indexLock}, because Caffeine calls the eviction listener, which takes it, while holding its
 * own eviction lock.
 */
final class CaffeineQueryCache<K, V> extends AbstractQueryCache<K, V> {

    /** Marks a node that has left the map, so that a late indexing of it is skipped. */
    private static final int RETIRED = -2;

    private final Cache<K, Node<K, V>> cache;
    private final ConcurrentMap<K, Node<K, V>> map;
    private final ReentrantLock indexLock = new ReentrantLock();
    private final ExpiryQueue<K, V> expiring = new ExpiryQueue<>();
    private final SweepSchedule sweeps = new SweepSchedule(this);

    private CaffeineQueryCache(Caffeine<Object, Object> builder, CacheClock clock, long defaultTtlNanos) {
        super(clock, defaultTtlNanos);
        this.cache = builder
                .evictionListener((K key, Node<K, V> node, RemovalCause cause) -> evicted(node, cause))
                .build();
        this.map = cache.asMap();
    }

    static <K, V> CaffeineQueryCache<K, V> bounded(long maximumSize, CacheClock clock, long defaultTtlNanos) {
        return new CaffeineQueryCache<>(Caffeine.newBuilder().maximumSize(maximumSize), clock, defaultTtlNanos);
    }

    static <K, V> CaffeineQueryCache<K, V> unbounded(CacheClock clock, long defaultTtlNanos) {
        return new CaffeineQueryCache<>(Caffeine.newBuilder(), clock, defaultTtlNanos);
    }

    private void evicted(Node<K, V> node, RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            stats.recordEviction();
            retire(node);
        }
    }

    @Override
    Stamped<V> lookup(K key) {
        Node<K, V> node = cache.getIfPresent(key);
        if (node == null) {
            return null;
        }
        Stamped<V> entry = node.entry;
        if (!hasExpired(entry)) {
            return entry;
        }
        expire(node);
        return null;
    }

    @Override
    void store(K key, Stamped<V> entry) {
        Node<K, V> node = new Node<>(key, entry);
        replaced(map.put(key, node));
        index(node);
    }

    @Override
    void storeLoaded(K key, Stamped<V> entry, Load<V> load) {
        if (load.isDiscarded()) {
            return;
        }
        Node<K, V> node = new Node<>(key, entry);
        List<Node<K, V>> replaced = new ArrayList<>(1);
        // The check inside compute is atomic with other writes to the key; the one above only saves
        // the compute in the common case.
        Node<K, V> stored = map.compute(key, (k, current) -> {
            if (load.isDiscarded()) {
                return current;
            }
            if (current != null) {
                replaced.add(current);
            }
            return node;
        });
        if (stored == node) {
            replaced.forEach(this::replaced);
            index(node);
        }
    }

    @Override
    Stamped<V> delete(K key) {
        Node<K, V> removed = map.remove(key);
        if (removed == null) {
            return null;
        }
        retire(removed);
        if (hasExpired(removed.entry)) {
            stats.recordExpiration();
            return null;
        }
        return removed.entry;
    }

    @Override
    void deleteAll() {
        cache.invalidateAll();
        indexLock.lock();
        try {
            // Nodes still being written are indexed after this and dropped by the sweep when due.
            expiring.clear();
        } finally {
            indexLock.unlock();
        }
    }

    @Override
    long deleteMatching(Predicate<? super K> keyPredicate) {
        long removed = 0;
        for (K key : map.keySet()) {
            if (keyPredicate.test(key) && delete(key) != null) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    long count() {
        removeExpired();
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    void sweepExpired() {
        indexLock.lock();
        try {
            sweeps.started();
        } finally {
            indexLock.unlock();
        }
        removeExpired();
    }

    private void removeExpired() {
        List<Node<K, V>> due = new ArrayList<>();
        indexLock.lock();
        try {
            long now = clock.nanos();
            Node<K, V> earliest;
            while ((earliest = expiring.earliest()) != null && earliest.entry.isExpired(now)) {
                expiring.remove(earliest);
                due.add(earliest);
            }
            scheduleSweep();
        } finally {
            indexLock.unlock();
        }
        due.forEach(this::expire);
    }

    /** Removes an expired node if it is still the key's current one; whoever removes it counts it. */
    private void expire(Node<K, V> node) {
        if (map.remove(node.key, node)) {
            stats.recordExpiration();
            retire(node);
        }
    }

    private void replaced(Node<K, V> previous) {
        if (previous == null) {
            return;
        }
        if (hasExpired(previous.entry)) {
            stats.recordExpiration();
        }
        retire(previous);
    }

    private void index(Node<K, V> node) {
        if (!node.entry.expires()) {
            return;
        }
        indexLock.lock();
        try {
            if (node.expiryIndex != RETIRED) {
                expiring.track(node);
                scheduleSweep();
            }
        } finally {
            indexLock.unlock();
        }
    }

    private void retire(Node<K, V> node) {
        if (!node.entry.expires()) {
            return;
        }
        indexLock.lock();
        try {
            expiring.remove(node);
            node.expiryIndex = RETIRED;
        } finally {
            indexLock.unlock();
        }
    }

    private void scheduleSweep() {
        Node<K, V> earliest = expiring.earliest();
        if (earliest != null) {
            sweeps.sweepBy(earliest.entry.deadline(), clock.nanos());
        }
    }
}
