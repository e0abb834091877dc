package io.cistern.cache;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded, thread-safe cache of query results, keyed by the query.
 *
 * <p>Build one with {@link #builder()}:
 *
 * <pre>{@code
 * QueryCache<StoreKey, List<Edge>> edges = QueryCache.builder()
 *         .maximumSize(50_000)
 *         .defaultTtl(Duration.ofMinutes(5))
 *         .build();
 * CacheResult<List<Edge>> result = edges.getOrLoad(new NodeKey(id), key -> store.edgesOf(id));
 * }</pre>
 *
 * <p>Keys and values must not be {@code null}; keys need value-based {@code equals} and
 * {@code hashCode} and must not change while cached (the {@link io.cistern.cache.key} records do
 * both). An entry expires its time to live after it was written; reads do not extend it. An expired
 * entry is never returned, and is removed in the background by one thread shared by all caches in
 * the JVM, so an idle cache does not hold expired values for long.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface QueryCache<K, V> {

    /** @return a builder for a new cache; {@link QueryCacheBuilder#build()} fixes the key and value types */
    static QueryCacheBuilder builder() {
        return new QueryCacheBuilder();
    }

    /**
     * Looks a key up, counting a hit or a miss.
     *
     * @param key the key
     * @return the live value for {@code key}, or {@code null} if there is none or it has expired
     */
    V get(K key);

    /**
     * Stores {@code value} under {@code key} with the default time to live (forever if the builder set
     * none), replacing any value there. A load of the same key running at the time does not overwrite it.
     *
     * @param key   the key
     * @param value the value
     */
    void put(K key, V value);

    /**
     * Stores {@code value} under {@code key} for {@code ttl}, whatever the default.
     *
     * @param key   the key
     * @param value the value
     * @param ttl   how long the entry lives after now; positive
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    void put(K key, V value, Duration ttl);

    /**
     * Removes {@code key}. A load of the same key running at the time still answers its callers but is
     * not stored, so the removal is not undone by a result computed before it.
     *
     * @param key the key
     * @return the value removed, or {@code null} if there was no live value
     */
    V remove(K key);

    /** Removes every entry; loads running at the time are not stored. */
    void clear();

    /**
     * Removes the expired entries and counts the rest. Exact when no other thread is writing; while
     * others write, a {@link EvictionPolicy#WINDOW_TINY_LFU} cache may hold a few entries more than
     * its maximum for a moment, because Caffeine evicts asynchronously.
     *
     * @return the number of live entries
     */
    long size();

    /**
     * Returns the value for {@code key}, calling {@code loader} to compute and store it on a miss.
     * Loads are single-flight: while one call is loading a key, other calls for that key wait for
     * its result instead of calling their own loader, and get its exception if it fails. The loader
     * runs on the calling thread, without any lock of this cache held, so a slow query does not
     * block other keys.
     *
     * @param key    the key
     * @param loader computes the value on a miss, on the calling thread
     * @return the value, whether it was a hit, and when it was cached
     * @throws NullPointerException  if the loader returns {@code null} (cache an empty result instead)
     * @throws IllegalStateException if the loader asks this cache to load the same key again
     * @throws RuntimeException      whatever the loader threw
     */
    CacheResult<V> getOrLoad(K key, Function<? super K, ? extends V> loader);

    /**
     * Removes every entry whose key matches, and keeps running loads of matching keys from being
     * stored. Entries added while this runs may or may not be tested. The predicate is called without
     * any lock of this cache held.
     *
     * @param keyPredicate which keys to remove
     * @return how many live entries were removed
     */
    long invalidateMatching(Predicate<? super K> keyPredicate);

    /** @return the counters since the cache was built */
    CacheStats stats();
}
