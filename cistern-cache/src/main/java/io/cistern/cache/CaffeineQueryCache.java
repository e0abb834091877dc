package io.cistern.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * {@link EvictionPolicy#WINDOW_TINY_LFU} and {@link EvictionPolicy#TTL_ONLY}, stored in Caffeine.
 *
 * <p>Caffeine's own statistics and loading are not used: counting here keeps the meaning of every
 * counter the same across policies, and loading in {@link AbstractQueryCache} keeps a slow loader
 * from holding Caffeine's hash-bin lock, which would block writes to unrelated keys.
 *
 * <p>Maintenance runs on the calling thread ({@code executor(Runnable::run)}) rather than in the
 * common pool: the size bound is then restored before a write returns, apart from the short window
 * while concurrent writers race, and no pool thread is needed. Timed removal runs on the shared
 * {@link ExpiryScheduler} thread.
 */
final class CaffeineQueryCache<K, V> extends AbstractQueryCache<K, V> {

    private final Cache<K, Stamped<V>> cache;
    private final ConcurrentMap<K, Stamped<V>> map;

    private CaffeineQueryCache(Caffeine<Object, Object> builder, CacheClock clock, long defaultTtlNanos) {
        super(clock, defaultTtlNanos);
        this.cache = builder
                .ticker(clock::nanos)
                .expireAfter(new StampedExpiry<K, V>())
                .scheduler(Scheduler.forScheduledExecutorService(ExpiryScheduler.executor()))
                .executor(Runnable::run)
                .evictionListener((K key, Stamped<V> entry, RemovalCause cause) -> count(cause))
                .build();
        this.map = cache.asMap();
    }

    static <K, V> CaffeineQueryCache<K, V> bounded(long maximumSize, CacheClock clock, long defaultTtlNanos) {
        return new CaffeineQueryCache<>(Caffeine.newBuilder().maximumSize(maximumSize), clock, defaultTtlNanos);
    }

    static <K, V> CaffeineQueryCache<K, V> unbounded(CacheClock clock, long defaultTtlNanos) {
        return new CaffeineQueryCache<>(Caffeine.newBuilder(), clock, defaultTtlNanos);
    }

    private void count(RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            stats.recordEviction();
        } else if (cause == RemovalCause.EXPIRED) {
            stats.recordExpiration();
        }
    }

    @Override
    Stamped<V> lookup(K key) {
        return cache.getIfPresent(key);
    }

    @Override
    void store(K key, Stamped<V> entry) {
        cache.put(key, entry);
    }

    @Override
    void storeLoaded(K key, Stamped<V> entry, Load<V> load) {
        if (load.isDiscarded()) {
            return;
        }
        // The check inside compute is atomic with other writes to the key; the one above only saves
        // the compute in the common case.
        map.compute(key, (k, current) -> load.isDiscarded() ? current : entry);
    }

    @Override
    Stamped<V> delete(K key) {
        Stamped<V> removed = map.remove(key);
        return removed == null || removed.isExpired(clock.nanos()) ? null : removed;
    }

    @Override
    void deleteAll() {
        cache.invalidateAll();
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
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Expiry from the entry's own stamp, so a re-put with a new time to live takes effect. */
    private static final class StampedExpiry<K, V> implements Expiry<K, Stamped<V>> {
        @Override
        public long expireAfterCreate(K key, Stamped<V> entry, long currentTime) {
            return entry.remainingNanos(currentTime);
        }

        @Override
        public long expireAfterUpdate(K key, Stamped<V> entry, long currentTime, long currentDuration) {
            return entry.remainingNanos(currentTime);
        }

        @Override
        public long expireAfterRead(K key, Stamped<V> entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
