package io.cistern.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Configures and builds a {@link QueryCache}. Each setting may be given at most once; settings that
 * contradict each other are reported by {@link #build()}. A builder may build several independent
 * caches.
 *
 * <p>Every policy except {@link EvictionPolicy#TTL_ONLY} needs {@link #maximumSize(long)}: a cache of
 * query results that can grow without limit is a memory leak waiting for a traffic spike.
 */
public final class QueryCacheBuilder {

    private static final long UNSET = -1;

    private long maximumSize = UNSET;
    private EvictionPolicy policy;
    private Duration defaultTtl;
    private LongSupplier ticker;

    QueryCacheBuilder() {
    }

    /**
     * The most entries the cache holds; at 0 it stores nothing (useful to switch caching off by
     * configuration).
     *
     * @param maximumSize the most entries, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException    if already set
     */
    public QueryCacheBuilder maximumSize(long maximumSize) {
        if (this.maximumSize != UNSET) {
            throw new IllegalStateException("maximumSize was already set to " + this.maximumSize);
        }
        if (maximumSize < 0) {
            throw new IllegalArgumentException("maximumSize must be 0 or more, was " + maximumSize);
        }
        this.maximumSize = maximumSize;
        return this;
    }

    /**
     * Which entry to evict when the cache is full; {@link EvictionPolicy#WINDOW_TINY_LFU} if not set.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public QueryCacheBuilder evictionPolicy(EvictionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (this.policy != null) {
            throw new IllegalStateException("evictionPolicy was already set to " + this.policy);
        }
        this.policy = policy;
        return this;
    }

    /**
     * How long an entry stored by {@link QueryCache#put(Object, Object)} or
     * {@link QueryCache#getOrLoad} lives after it was written; forever if not set.
     *
     * @param ttl the time to live, positive
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     * @throws IllegalStateException    if already set
     */
    public QueryCacheBuilder defaultTtl(Duration ttl) {
        if (defaultTtl != null) {
            throw new IllegalStateException("defaultTtl was already set to " + defaultTtl);
        }
        defaultTtl = TimeToLive.requirePositive(ttl, "defaultTtl");
        return this;
    }

    /**
     * The source of time, in nanoseconds from an arbitrary origin, that expiry and
     * {@link CacheResult#cachedAt()} are measured with; {@link System#nanoTime()} if not set. Tests
     * pass a fake one to expire entries without sleeping.
     *
     * @param nanoTicker the time source, in nanoseconds
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public QueryCacheBuilder ticker(LongSupplier nanoTicker) {
        Objects.requireNonNull(nanoTicker, "nanoTicker");
        if (ticker != null) {
            throw new IllegalStateException("ticker was already set");
        }
        ticker = nanoTicker;
        return this;
    }

    /**
     * Builds a new, empty cache with these settings.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new, empty cache
     * @throws IllegalStateException if the settings contradict each other: a bounded policy without
     *                               {@code maximumSize}, or {@code TTL_ONLY} with a
     *                               {@code maximumSize} or without a {@code defaultTtl}
     */
    public <K, V> QueryCache<K, V> build() {
        EvictionPolicy chosen = policy == null ? EvictionPolicy.WINDOW_TINY_LFU : policy;
        if (chosen == EvictionPolicy.TTL_ONLY) {
            if (maximumSize != UNSET) {
                throw new IllegalStateException("maximumSize(" + maximumSize + ") cannot be combined with "
                        + "evictionPolicy(TTL_ONLY), which never evicts for size; "
                        + "choose WINDOW_TINY_LFU, LRU, LFU or FIFO to bound the size");
            }
            if (defaultTtl == null) {
                throw new IllegalStateException("evictionPolicy(TTL_ONLY) needs a defaultTtl, "
                        + "otherwise entries put without a ttl would never leave the cache");
            }
        } else if (maximumSize == UNSET) {
            throw new IllegalStateException("evictionPolicy(" + chosen + ") needs a maximumSize; "
                    + "only TTL_ONLY may be unbounded");
        }
        CacheClock clock = new CacheClock(ticker);
        long ttlNanos = defaultTtl == null ? TimeToLive.FOREVER : TimeToLive.toNanos(defaultTtl);
        switch (chosen) {
            case WINDOW_TINY_LFU:
                return CaffeineQueryCache.bounded(maximumSize, clock, ttlNanos);
            case TTL_ONLY:
                return CaffeineQueryCache.unbounded(clock, ttlNanos);
            default:
                return new ExactQueryCache<>(EntryOrder.of(chosen), maximumSize, clock, ttlNanos);
        }
    }
}
