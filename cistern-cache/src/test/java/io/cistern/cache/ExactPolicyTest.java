package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cistern.cache.trace.Replay;
import io.cistern.cache.trace.Trace;
import io.cistern.cache.trace.TraceDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written policies evict exactly the entry their definition names: checked on small cases
 * by hand, and on real traces against independent, obviously correct (and slow) reference models.
 */
class ExactPolicyTest {

    private static <K, V> QueryCache<K, V> cache(EvictionPolicy policy, long size) {
        return QueryCache.builder().evictionPolicy(policy).maximumSize(size).build();
    }

    @Test
    void lruEvictsTheLeastRecentlyReadOrWritten() {
        QueryCache<String, String> cache = cache(EvictionPolicy.LRU, 3);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");
        cache.get("a");
        cache.put("b", "2'");

        cache.put("d", "4");

        assertThat(cache.get("c")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("b")).isNotNull();
        assertThat(cache.get("d")).isNotNull();
        assertThat(cache.stats().evictions()).isEqualTo(1);
    }

    @Test
    void fifoEvictsTheOldestInsertionWhateverWasReadOrRewritten() {
        QueryCache<String, String> cache = cache(EvictionPolicy.FIFO, 3);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");
        cache.get("a");
        cache.put("a", "1'");

        cache.put("d", "4");

        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isEqualTo("2");
    }

    @Test
    void lfuEvictsTheLeastUsedAndTheLeastRecentAmongEquals() {
        QueryCache<String, String> cache = cache(EvictionPolicy.LFU, 3);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");
        cache.get("a");
        cache.get("a");
        cache.get("c");
        cache.get("b");

        cache.put("d", "4"); // the victim is among a, b, c: b and c were used twice, c longer ago

        assertThat(cache.get("c")).isNull();
        cache.put("e", "5"); // d, with one use, has the fewest

        assertThat(cache.get("d")).isNull();
        assertThat(cache.get("a")).isEqualTo("1");
        assertThat(cache.get("b")).isEqualTo("2");
        assertThat(cache.get("e")).isEqualTo("5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LRU", "LFU", "FIFO"})
    void aCacheOfSizeZeroStoresNothing(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy, 0);

        cache.put("a", "1");

        assertThat(cache.get("a")).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.stats().evictions()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi2", "sprite", "2_pools"})
    void everyExactPolicyAgreesWithItsReferenceModelOnRealTraces(String traceName) throws IOException {
        Optional<Path> traces = TraceDirectory.locate();
        assumeTrue(traces.isPresent(), "the shared trace folder ../shared/data/cache-traces is not there");
        Trace trace = Trace.read(traces.get().resolve("lirs/" + traceName + ".trace.gz"));

        for (int size : new int[] {50, 500, 2_000}) {
            assertThat(Replay.hits(trace, ExactPolicyTest.<Long, Long>cache(EvictionPolicy.LRU, size)))
                    .as("LRU at %d", size).isEqualTo(Replay.hits(trace, linkedHashMapModel(size, true)::access));
            assertThat(Replay.hits(trace, ExactPolicyTest.<Long, Long>cache(EvictionPolicy.FIFO, size)))
                    .as("FIFO at %d", size).isEqualTo(Replay.hits(trace, linkedHashMapModel(size, false)::access));
            assertThat(Replay.hits(trace, ExactPolicyTest.<Long, Long>cache(EvictionPolicy.LFU, size)))
                    .as("LFU at %d", size).isEqualTo(Replay.hits(trace, new ScanningLfuModel(size)::access));
        }
    }

    private static LinkedHashMapModel linkedHashMapModel(int size, boolean accessOrder) {
        return new LinkedHashMapModel(size, accessOrder);
    }

    /** LRU (access order) or FIFO (insertion order) as the JDK's LinkedHashMap defines them. */
    private static final class LinkedHashMapModel extends LinkedHashMap<Long, Long> {
        private final int size;

        LinkedHashMapModel(int size, boolean accessOrder) {
            super(16, 0.75f, accessOrder);
            this.size = size;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > size;
        }

        boolean access(long key) {
            if (get(key) != null) {
                return true;
            }
            put(key, key);
            return false;
        }
    }

    /** LFU by brute force: scan for the fewest uses, ties to the oldest last use. */
    private static final class ScanningLfuModel {
        private final int size;
        private final Map<Long, long[]> usesAndLastUse = new HashMap<>();
        private long clock;

        ScanningLfuModel(int size) {
            this.size = size;
        }

        boolean access(long key) {
            clock++;
            long[] entry = usesAndLastUse.get(key);
            if (entry != null) {
                entry[0]++;
                entry[1] = clock;
                return true;
            }
            if (usesAndLastUse.size() >= size) {
                Long victim = null;
                long[] victimEntry = null;
                for (Map.Entry<Long, long[]> candidate : usesAndLastUse.entrySet()) {
                    long[] e = candidate.getValue();
                    if (victimEntry == null || e[0] < victimEntry[0] || (e[0] == victimEntry[0] && e[1] < victimEntry[1])) {
                        victim = candidate.getKey();
                        victimEntry = e;
                    }
                }
                usesAndLastUse.remove(victim);
            }
            usesAndLastUse.put(key, new long[] {1, clock});
            return false;
        }
    }
}
