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
 * <p>The map holds an entry that never expires as its {@link Stamped} alone, and one that can expire
 * wrapped in the {@link Node} that the expiry index tracks: the common entry then costs one object
 * and one pointer hop per read, not two. Until the first entry that can expire is stored
 * ({@link #expiryInUse}), writes and evictions do not even look at the entry they displace: reading
 * it is a cache miss on an object nobody else needs.
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

    /** Values are a {@link Stamped} or, for entries that can expire, a {@link Node}. */
    private final Cache<K, Object> cache;
    private final ConcurrentMap<K, Object> map;
    private final ReentrantLock indexLock = new ReentrantLock();
    private final ExpiryQueue<K, V> expiring = new ExpiryQueue<>();
    private final SweepSchedule sweeps = new SweepSchedule(this);
    /**
     * Set before the first entry that can expire is stored; the map operation that stores it
     * publishes the flag to every thread that later finds the entry.
     */
    private volatile boolean expiryInUse;

    private CaffeineQueryCache(Caffeine<Object, Object> builder, CacheClock clock, long defaultTtlNanos) {
        super(clock, defaultTtlNanos);
        this.cache = builder
                .evictionListener((K key, Object stored, RemovalCause cause) -> evicted(stored, cause))
                .build();
        this.map = cache.asMap();
        this.expiryInUse = defaultTtlNanos != TimeToLive.FOREVER;
    }

    static <K, V> CaffeineQueryCache<K, V> bounded(long maximumSize, CacheClock clock, long defaultTtlNanos) {
        return new CaffeineQueryCache<>(Caffeine.newBuilder().maximumSize(maximumSize), clock, defaultTtlNanos);
    }

    static <K, V> CaffeineQueryCache<K, V> unbounded(CacheClock clock, long defaultTtlNanos) {
        return new CaffeineQueryCache<>(Caffeine.newBuilder(), clock, defaultTtlNanos);
    }

    private void evicted(Object stored, RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            stats.recordEviction();
            retire(stored);
        }
    }

    @Override
    Stamped<V> lookup(K key) {
        Object stored = cache.getIfPresent(key);
        if (stored == null) {
            return null;
        }
        if (!(stored instanceof Node)) {
            return stamped(stored);
        }
        Node<K, V> node = node(stored);
        Stamped<V> entry = node.entry;
        if (!hasExpired(entry)) {
            return entry;
        }
        expire(node);
        return null;
    }

    @Override
    void store(K key, Stamped<V> entry) {
        Object stored = wrap(key, entry);
        replaced(map.put(key, stored));
        index(stored);
    }

    /** The value the map holds for the entry; marks expiry in use before such an entry is stored. */
    private Object wrap(K key, Stamped<V> entry) {
        if (!entry.expires()) {
            return entry;
        }
        if (!expiryInUse) {
            expiryInUse = true;
        }
        return new Node<>(key, entry);
    }

    @SuppressWarnings("unchecked")
    private Stamped<V> stamped(Object stored) {
        return stored instanceof Node ? ((Node<K, V>) stored).entry : (Stamped<V>) stored;
    }

    @SuppressWarnings("unchecked")
    private Node<K, V> node(Object stored) {
        return (Node<K, V>) stored;
    }

    @Override
    void storeLoaded(K key, Stamped<V> entry, Load<V> load) {
        if (load.isDiscarded()) {
            return;
        }
        Object node = wrap(key, entry);
        List<Object> replaced = new ArrayList<>(1);
        // The check inside compute is atomic with other writes to the key; the one above only saves
        // the compute in the common case.
        Object stored = map.compute(key, (k, current) -> {
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
        Object removed = map.remove(key);
        if (removed == null) {
            return null;
        }
        retire(removed);
        Stamped<V> entry = stamped(removed);
        if (hasExpired(entry)) {
            stats.recordExpiration();
            return null;
        }
        return entry;
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

    private void replaced(Object previous) {
        if (previous == null || !expiryInUse) {
            return;
        }
        if (hasExpired(stamped(previous))) {
            stats.recordExpiration();
        }
        retire(previous);
    }

    private void index(Object stored) {
        if (!(stored instanceof Node)) {
            return;
        }
        Node<K, V> node = node(stored);
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

    private void retire(Object stored) {
        if (!expiryInUse || !(stored instanceof Node)) {
            return;
        }
        Node<K, V> node = node(stored);
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
