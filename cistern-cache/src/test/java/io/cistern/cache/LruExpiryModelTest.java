package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random operations with random times to live on the exact LRU, checked step by step against a
 * straightforward model built on the JDK's access-ordered LinkedHashMap: expired entries are never
 * returned, are cleared out before any live entry is evicted, and the LRU order survives expiry.
 */
class LruExpiryModelTest {

    private static final int MAXIMUM_SIZE = 10;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void matchesTheModelOperationByOperation(long seed) {
        FakeTicker ticker = new FakeTicker();
        QueryCache<Integer, Long> cache = QueryCache.builder().evictionPolicy(EvictionPolicy.LRU)
                .maximumSize(MAXIMUM_SIZE).ticker(ticker).build();
        Model model = new Model();
        SplittableRandom random = new SplittableRandom(seed);

        for (int step = 0; step < 20_000; step++) {
            long elapsed = random.nextInt(4);
            ticker.advance(Duration.ofMillis(elapsed));
            model.now += elapsed;
            int key = random.nextInt(30);
            int dice = random.nextInt(10);
            if (dice < 4) {
                assertThat(cache.get(key)).as("step %d: get %d", step, key).isEqualTo(model.get(key));
            } else if (dice < 8) {
                long value = step;
                long ttl = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(60);
                if (ttl == 0) {
                    cache.put(key, value);
                } else {
                    cache.put(key, value, Duration.ofMillis(ttl));
                }
                model.put(key, value, ttl);
            } else if (dice < 9) {
                assertThat(cache.remove(key)).as("step %d: remove %d", step, key).isEqualTo(model.remove(key));
            } else {
                assertThat(cache.size()).as("step %d: size", step).isEqualTo(model.size());
            }
        }
        // The background sweep may have counted expirations the model has not met yet; sizing both
        // clears every expired entry, so from here each has been counted exactly once on both sides.
        assertThat(cache.size()).isEqualTo(model.size());
        CacheStats stats = cache.stats();
        assertThat(stats.evictions()).isEqualTo(model.evictions);
        assertThat(stats.expirations()).isEqualTo(model.expirations);
    }

    /** value and deadline (or -1 for none) per key, least recently used first. */
    private static final class Model {
        final LinkedHashMap<Integer, long[]> entries = new LinkedHashMap<>(16, 0.75f, true);
        long now;
        long evictions;
        long expirations;

        Long get(int key) {
            long[] entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            if (expired(entry)) {
                entries.remove(key);
                expirations++;
                return null;
            }
            return entry[0];
        }

        void put(int key, long value, long ttl) {
            long[] entry = entries.get(key);
            if (entry != null && expired(entry)) {
                entries.remove(key);
                expirations++;
            } else if (entry == null && entries.size() >= MAXIMUM_SIZE) {
                removeExpired();
                Iterator<Integer> leastRecent = entries.keySet().iterator();
                while (entries.size() >= MAXIMUM_SIZE) {
                    leastRecent.next();
                    leastRecent.remove();
                    evictions++;
                }
            }
            entries.put(key, new long[] {value, ttl == 0 ? -1 : now + ttl});
        }

        Long remove(int key) {
            long[] entry = entries.remove(key);
            if (entry == null) {
                return null;
            }
            if (expired(entry)) {
                expirations++;
                return null;
            }
            return entry[0];
        }

        long size() {
            removeExpired();
            return entries.size();
        }

        private void removeExpired() {
            for (Iterator<Map.Entry<Integer, long[]>> it = entries.entrySet().iterator(); it.hasNext(); ) {
                if (expired(it.next().getValue())) {
                    it.remove();
                    expirations++;
                }
            }
        }

        private boolean expired(long[] entry) {
            return entry[1] != -1 && now >= entry[1];
        }
    }
}
