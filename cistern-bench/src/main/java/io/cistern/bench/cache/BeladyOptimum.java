package io.cistern.bench.cache;

import io.cistern.cache.trace.Trace;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Belady's offline optimum: on a miss with a full cache, evict the cached key whose next request is
 * farthest away (or never comes). With {@code bypass}, the requested key itself is a candidate too,
 * which is the ceiling for caches that may decline to admit (W-TinyLFU does); without it, the key
 * must be inserted (demand paging), the ceiling for LRU, LFU and FIFO and the "optimum" of the
 * caching papers.
 */
final class BeladyOptimum {

    private BeladyOptimum() {
    }

    static long hits(Trace trace, int size, boolean bypass) {
        long[] keys = trace.keys();
        int[] nextUse = nextUses(keys);
        Map<Long, Integer> cachedNextUse = new HashMap<>();
        // Farthest next use first; stale pairs (a key since re-requested or evicted) are skipped lazily.
        PriorityQueue<long[]> farthestFirst = new PriorityQueue<>((a, b) -> Long.compare(b[0], a[0]));
        long hits = 0;
        for (int i = 0; i < keys.length; i++) {
            long key = keys[i];
            if (cachedNextUse.containsKey(key)) {
                hits++;
            } else if (size == 0) {
                continue;
            } else if (cachedNextUse.size() == size) {
                long[] farthest = farthestFirst.peek();
                while (!isCurrent(farthest, cachedNextUse)) {
                    farthestFirst.poll();
                    farthest = farthestFirst.peek();
                }
                if (bypass && nextUse[i] >= farthest[0]) {
                    continue;
                }
                farthestFirst.poll();
                cachedNextUse.remove(farthest[1]);
            }
            cachedNextUse.put(key, nextUse[i]);
            farthestFirst.add(new long[] {nextUse[i], key});
        }
        return hits;
    }

    private static boolean isCurrent(long[] nextUseAndKey, Map<Long, Integer> cachedNextUse) {
        Integer current = cachedNextUse.get(nextUseAndKey[1]);
        return current != null && current == nextUseAndKey[0];
    }

    /** For each request, the index of the next request of the same key, or past the end if none. */
    private static int[] nextUses(long[] keys) {
        int[] next = new int[keys.length];
        Map<Long, Integer> seenAt = new HashMap<>();
        for (int i = keys.length - 1; i >= 0; i--) {
            Integer later = seenAt.put(keys[i], i);
            next[i] = later == null ? Integer.MAX_VALUE - (keys.length - i) : later;
        }
        return next;
    }
}
