package io.cistern.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every policy shares: argument checks, hit and miss counting, and single-flight loading. The
 * subclasses only store entries.
 *
 * <p>Why writes discard running loads: a load that started before a write or an invalidation of its
 * key may carry data older than that write. Every write first marks the running load of its key
 * discarded, then changes the store; the load checks the mark in the same atomic step in which it
 * would store its result ({@link #storeLoaded}), so whichever order the two take, the older data
 * never overwrites the newer.
 */
abstract class AbstractQueryCache<K, V> implements QueryCache<K, V> {

    final CacheClock clock;
    final long defaultTtlNanos;
    final StatsCounter stats = new StatsCounter();
    private final ConcurrentHashMap<K, Load<V>> loads = new ConcurrentHashMap<>();

    AbstractQueryCache(CacheClock clock, long defaultTtlNanos) {
        this.clock = clock;
        this.defaultTtlNanos = defaultTtlNanos;
    }

    /**
     * @return the live entry, or {@code null}; an expired entry found on the way is removed and
     *         counted as an expiration. Counts as a use of the entry for the eviction policy.
     */
    abstract Stamped<V> lookup(K key);

    abstract void store(K key, Stamped<V> entry);

    /** Stores the entry unless {@code load} was discarded, atomically with respect to other writes of the key. */
    abstract void storeLoaded(K key, Stamped<V> entry, Load<V> load);

    /** @return the removed entry if it was live; an expired one counts as an expiration */
    abstract Stamped<V> delete(K key);

    abstract void deleteAll();

    abstract long deleteMatching(Predicate<? super K> keyPredicate);

    abstract long count();

    /** Removes the entries that have expired; runs on the shared expiry thread. */
    abstract void sweepExpired();

    @Override
    public final V get(K key) {
        Stamped<V> entry = lookup(Objects.requireNonNull(key, "key"));
        if (entry == null) {
            stats.recordMiss();
            return null;
        }
        stats.recordHit();
        return entry.value();
    }

    @Override
    public final void put(K key, V value) {
        write(key, value, defaultTtlNanos);
    }

    @Override
    public final void put(K key, V value, Duration ttl) {
        write(key, value, TimeToLive.toNanos(TimeToLive.requirePositive(ttl, "ttl")));
    }

    private void write(K key, V value, long ttlNanos) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        discardLoad(key);
        long now = ttlNanos == TimeToLive.FOREVER ? clock.stampNanos() : clock.nanos();
        store(key, new Stamped<>(value, now, ttlNanos));
    }

    @Override
    public final V remove(K key) {
        discardLoad(Objects.requireNonNull(key, "key"));
        Stamped<V> removed = delete(key);
        return removed == null ? null : removed.value();
    }

    @Override
    public final void clear() {
        loads.values().forEach(Load::discard);
        deleteAll();
    }

    @Override
    public final long invalidateMatching(Predicate<? super K> keyPredicate) {
        Objects.requireNonNull(keyPredicate, "keyPredicate");
        loads.forEach((key, load) -> {
            if (keyPredicate.test(key)) {
                load.discard();
            }
        });
        return deleteMatching(keyPredicate);
    }

    @Override
    public final long size() {
        return count();
    }

    @Override
    public final CacheStats stats() {
        return stats.snapshot();
    }

    @Override
    public final CacheResult<V> getOrLoad(K key, Function<? super K, ? extends V> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        Stamped<V> cached = lookup(key);
        if (cached != null) {
            stats.recordHit();
            return result(cached, true);
        }
        stats.recordMiss();
        Load<V> mine = new Load<>();
        Load<V> running = loads.putIfAbsent(key, mine);
        if (running != null) {
            if (running.isOwnedByCurrentThread()) {
                throw new IllegalStateException("the loader for key " + key + " asked to load the same key again");
            }
            return result(running.await(), false);
        }
        try {
            // Another load of this key may have stored its result and left between our lookup and
            // putIfAbsent; without looking again, the loader would run twice.
            Stamped<V> storedMeanwhile = lookup(key);
            Stamped<V> entry = storedMeanwhile != null ? storedMeanwhile : load(key, loader);
            if (storedMeanwhile == null) {
                storeLoaded(key, entry, mine);
            }
            mine.complete(entry);
            return result(entry, false);
        } catch (RuntimeException | Error failure) {
            mine.fail(failure);
            throw failure;
        } finally {
            loads.remove(key, mine);
        }
    }

    private Stamped<V> load(K key, Function<? super K, ? extends V> loader) {
        long start = System.nanoTime();
        V value;
        try {
            value = loader.apply(key);
        } catch (RuntimeException | Error failure) {
            stats.recordLoadFailure(System.nanoTime() - start);
            throw failure;
        }
        if (value == null) {
            stats.recordLoadFailure(System.nanoTime() - start);
            throw new NullPointerException("the loader returned null for key " + key
                    + "; cache an empty result (an empty list or Optional) instead");
        }
        stats.recordLoad(System.nanoTime() - start);
        return new Stamped<>(value, clock.nanos(), defaultTtlNanos);
    }

    /** Reads the ticker only for entries that can expire: most reads then never touch it. */
    final boolean hasExpired(Stamped<V> entry) {
        return entry.expires() && entry.isExpired(clock.nanos());
    }

    private void discardLoad(K key) {
        Load<V> running = loads.get(key);
        if (running != null) {
            running.discard();
        }
    }

    private CacheResult<V> result(Stamped<V> entry, boolean hit) {
        return new CacheResult<>(entry.value(), hit, clock.instantAt(entry.writtenAt()));
    }
}
