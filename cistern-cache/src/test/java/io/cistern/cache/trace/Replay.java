package io.cistern.cache.trace;

import io.cistern.cache.QueryCache;
import java.util.function.LongPredicate;

/**
 * Replays a trace the way the caching literature does: cold start, every request counted, and a miss
 * inserts the key.
 */
public final class Replay {

    private Replay() {
    }

    /** @return the hits of a cache whose lookup-then-insert-on-miss is {@code access} (true on a hit) */
    public static long hits(Trace trace, LongPredicate access) {
        long hits = 0;
        for (long key : trace.keys()) {
            if (access.test(key)) {
                hits++;
            }
        }
        return hits;
    }

    /** @return the hits of {@code cache}, which should be new, with {@code get} then {@code put} on a miss */
    public static long hits(Trace trace, QueryCache<Long, Long> cache) {
        return hits(trace, key -> {
            Long boxed = key;
            if (cache.get(boxed) != null) {
                return true;
            }
            cache.put(boxed, boxed);
            return false;
        });
    }
}
