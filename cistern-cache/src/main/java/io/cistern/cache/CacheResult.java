package io.cistern.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@link QueryCache#getOrLoad}: the value, whether it came from the cache, and when it
 * was stored.
 *
 * @param value    the cached or freshly loaded value, never {@code null}
 * @param hit      {@code true} if the value was already cached when asked for; {@code false} if this
 *                 call loaded it or waited for another call that was loading it
 * @param cachedAt when the value was put in the cache (or, for a load whose result was discarded
 *                 because the key was invalidated meanwhile, when the load finished), measured with
 *                 the cache's ticker; for a value put without a time to live, with the system ticker
 *                 as sampled about once a millisecond, so usually up to a millisecond early
 * @param <V>      the value type
 */
public record CacheResult<V>(V value, boolean hit, Instant cachedAt) {

    /** Checks that neither the value nor the time is {@code null}. */
    public CacheResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(cachedAt, "cachedAt");
    }
}
