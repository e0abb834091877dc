package io.cistern.cache;

import java.time.Duration;

/**
 * A snapshot of a cache's counters since it was built. Counters are updated without a lock, so a
 * snapshot taken while other threads use the cache may mix counts from slightly different moments;
 * once the cache is quiet every counter is exact.
 *
 * @param hits          lookups ({@code get} and {@code getOrLoad}) that found a live entry
 * @param misses        lookups that found no entry or an expired one
 * @param evictions     entries removed by the eviction policy to respect the size bound
 * @param expirations   entries removed because their time to live ran out
 * @param loads         loader calls that returned a value
 * @param loadFailures  loader calls that threw or returned {@code null}
 * @param totalLoadTime the time spent in all loader calls, successful or not
 */
public record CacheStats(long hits, long misses, long evictions, long expirations, long loads,
                         long loadFailures, Duration totalLoadTime) {

    /** @return {@code hits + misses} */
    public long requests() {
        return hits + misses;
    }

    /** @return {@code hits / requests}, or 1.0 before the first request (nothing was missed yet) */
    public double hitRate() {
        long requests = requests();
        return requests == 0 ? 1.0 : (double) hits / requests;
    }

    /** @return the mean time of a loader call, or zero if there was none */
    public Duration averageLoadTime() {
        long calls = loads + loadFailures;
        return calls == 0 ? Duration.ZERO : totalLoadTime.dividedBy(calls);
    }
}
