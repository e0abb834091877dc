package io.cistern.cache;

/**
 * Which entry a full cache gives up to make room for a new one.
 *
 * <p>The hit ratios of every policy on published traces are in {@code docs/CACHE.md}. In short,
 * {@link #WINDOW_TINY_LFU} has the best average and is never more than about 6 points behind the
 * best of the others, while each of the others falls 40 points or more behind it on some trace
 * (loops and scans empty an LRU or FIFO cache); plain LRU is ahead on recency-heavy traces with
 * large caches. That is why it is the default. The hand-written {@link #LRU}, {@link #LFU} and
 * {@link #FIFO} policies are exact (the order they evict in is the textbook one, not an
 * approximation), which makes them predictable and reproducible, but they serialise their
 * bookkeeping behind one lock, so they do not scale with threads the way Caffeine does.
 */
public enum EvictionPolicy {

    /**
     * Caffeine's Window TinyLFU: a small LRU admission window in front of a segmented LRU main
     * region, with a frequency sketch deciding which of two candidates is worth keeping. Near-optimal
     * hit ratios on both recency- and frequency-skewed workloads, scan resistant, and reads that do
     * not contend. The eviction order is adaptive and therefore not reproducible entry by entry. The
     * default.
     */
    WINDOW_TINY_LFU,

    /**
     * Exact least-recently-used: evicts the entry whose last read or write is the oldest. Good when
     * recent use predicts reuse; a single scan larger than the cache flushes it.
     */
    LRU,

    /**
     * Exact least-frequently-used: evicts the entry read or written the fewest times since it entered
     * the cache, the least recently used among equals. Counts are forgotten on eviction, so a newly
     * inserted entry is the first candidate; good for stable popularity, slow to adapt when it shifts.
     */
    LFU,

    /**
     * Exact first-in-first-out: evicts the entry inserted longest ago; reads and updates do not move
     * an entry. Reads take no lock, so it is the cheapest exact policy to read from.
     */
    FIFO,

    /**
     * No size bound at all: entries leave only when their time to live runs out (or are removed).
     * Needs {@link QueryCacheBuilder#defaultTtl(java.time.Duration)} and rejects
     * {@link QueryCacheBuilder#maximumSize(long)}. Memory is bounded only by the rate of writes times
     * the TTL, so use it only where that product is known to be small.
     */
    TTL_ONLY
}
