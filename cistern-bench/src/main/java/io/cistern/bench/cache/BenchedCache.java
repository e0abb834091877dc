package io.cistern.bench.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.cistern.cache.EvictionPolicy;
import io.cistern.cache.QueryCache;
import io.cistern.clock.SampledClock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The caches the benchmarks and the hit-ratio table compare: each {@link EvictionPolicy} of
 * {@link QueryCache}, and plain Caffeine as the baseline.
 */
public enum BenchedCache {
    WINDOW_TINY_LFU,
    LRU,
    LFU,
    FIFO,
    /** Unbounded: compared at the same key space, it shows the cost of expiry alone. */
    TTL_ONLY,
    /** {@code Caffeine.newBuilder().maximumSize(n).build()}, nothing else set. */
    CAFFEINE,
    /**
     * {@code Caffeine.newBuilder().maximumSize(n).recordStats().build()}: Caffeine counting hits and
     * misses as every {@link QueryCache} always does, the like-for-like baseline for
     * {@link #WINDOW_TINY_LFU}.
     */
    CAFFEINE_WITH_STATS,
    /**
     * Caffeine with per-entry expiry ({@code expireAfter}) that never expires anything: what
     * {@link #WINDOW_TINY_LFU} is built on, so the gap to {@link #CAFFEINE} splits into the cost of
     * Caffeine's variable expiry and the cost of our wrapper.
     */
    CAFFEINE_VARIABLE_EXPIRY,
    /**
     * Caffeine with statistics and {@code expireAfterWrite} of a century on the clock the cache
     * stamps with ({@link SampledClock#read()}, sampled once a millisecond): the cheapest way to keep an entry's write time inside Caffeine's own node
     * instead of in an object of ours. A diagnostic, not a policy: it measures what
     * {@link #WINDOW_TINY_LFU} would gain by dropping its per-entry stamp object (docs/CACHE.md).
     */
    CAFFEINE_WRITE_STAMP;

    /**
     * The two operations measured, the same for every cache, and a third that finishes any eviction
     * Caffeine has left to its background executor. The hit-ratio replay settles after every put,
     * so that each cache holds at most its maximum when the next request comes, as the policies are
     * defined; the throughput benchmark never settles.
     */
    record Operations(UnaryOperator<Long> get, BiConsumer<Long, Long> put, Runnable settle) {
    }

    private static final Expiry<Object, Object> NEVER = new Expiry<>() {
        @Override
        public long expireAfterCreate(Object key, Object value, long currentTime) {
            return Long.MAX_VALUE;
        }

        @Override
        public long expireAfterUpdate(Object key, Object value, long currentTime, long currentDuration) {
            return Long.MAX_VALUE;
        }

        @Override
        public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    };

    Operations create(long maximumSize) {
        if (this == CAFFEINE_WRITE_STAMP) {
            Cache<Long, Long> cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats()
                    .expireAfterWrite(Duration.ofDays(36_500)).ticker(SampledClock::read).build();
            return new Operations(cache::getIfPresent, cache::put, cache::cleanUp);
        }
        if (this == CAFFEINE || this == CAFFEINE_WITH_STATS || this == CAFFEINE_VARIABLE_EXPIRY) {
            Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize);
            Cache<Long, Long> cache = this == CAFFEINE ? builder.build()
                    : this == CAFFEINE_WITH_STATS ? builder.recordStats().build()
                    : builder.expireAfter(NEVER).build();
            return new Operations(cache::getIfPresent, cache::put, cache::cleanUp);
        }
        QueryCache<Long, Long> cache = this == TTL_ONLY
                ? QueryCache.builder().evictionPolicy(EvictionPolicy.TTL_ONLY).defaultTtl(Duration.ofDays(1)).build()
                : QueryCache.builder().evictionPolicy(EvictionPolicy.valueOf(name())).maximumSize(maximumSize).build();
        return new Operations(cache::get, cache::put, cache::size);
    }
}
