package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads reading, writing, removing, invalidating and expiring at once. Every put is of a new
 * key, so each one adds exactly one entry, and every entry must be accounted for at the end: still
 * cached, evicted, expired, or removed by a call that said so.
 */
class ConcurrencyTest {

    private static final int WORKERS = 4;
    private static final int OPERATIONS_PER_WORKER = 25_000;
    private static final int MAXIMUM_SIZE = 200;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(value = EvictionPolicy.class, names = "TTL_ONLY", mode = EnumSource.Mode.EXCLUDE)
    void everyEntryIsAccountedForAndTheCountersMatchWhatCallersSaw(EvictionPolicy policy) throws Exception {
        FakeTicker ticker = new FakeTicker();
        QueryCache<Long, Long> cache = QueryCache.builder().evictionPolicy(policy).maximumSize(MAXIMUM_SIZE)
                .ticker(ticker).build();
        AtomicLong nextKey = new AtomicLong();
        LongAdder puts = new LongAdder();
        LongAdder hitsSeen = new LongAdder();
        LongAdder missesSeen = new LongAdder();
        LongAdder removedSeen = new LongAdder();
        AtomicInteger sizeBoundViolations = new AtomicInteger();
        AtomicBoolean workersDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);

        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            long seed = w;
            workers.add(threads.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                start.await();
                for (int i = 0; i < OPERATIONS_PER_WORKER; i++) {
                    int dice = random.nextInt(100);
                    long written = Math.max(1, nextKey.get());
                    if (dice < 45) {
                        Long value = cache.get(random.nextLong(written));
                        (value == null ? missesSeen : hitsSeen).increment();
                    } else if (dice < 75) {
                        long key = nextKey.getAndIncrement();
                        cache.put(key, key);
                        puts.increment();
                    } else if (dice < 90) {
                        long key = nextKey.getAndIncrement();
                        cache.put(key, key, Duration.ofMillis(1 + random.nextInt(20)));
                        puts.increment();
                    } else if (cache.remove(random.nextLong(written)) != null) {
                        removedSeen.increment();
                    }
                }
                return null;
            }));
        }
        Future<?> invalidator = threads.submit(() -> {
            start.await();
            for (int divisor = 2; !workersDone.get(); divisor = divisor % 50 + 2) {
                long modulus = divisor;
                removedSeen.add(cache.invalidateMatching(key -> key % modulus == 0));
            }
            return null;
        });
        Future<?> clock = threads.submit(() -> {
            start.await();
            while (!workersDone.get()) {
                ticker.advance(Duration.ofMillis(1));
                Thread.onSpinWait();
            }
            return null;
        });
        boolean exact = policy != EvictionPolicy.WINDOW_TINY_LFU;
        Future<?> sizeWatcher = threads.submit(() -> {
            start.await();
            while (!workersDone.get()) {
                // Caffeine may overshoot while writers race (documented); the exact policies never do.
                if (exact && cache.size() > MAXIMUM_SIZE) {
                    sizeBoundViolations.incrementAndGet();
                }
            }
            return null;
        });

        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        workersDone.set(true);
        for (Future<?> helper : List.of(invalidator, clock, sizeWatcher)) {
            helper.get(60, TimeUnit.SECONDS);
        }
        ticker.advance(Duration.ofHours(1));
        long size = cache.size();

        CacheStats stats = cache.stats();
        assertThat(sizeBoundViolations).hasValue(0);
        assertThat(size).isBetween(0L, (long) MAXIMUM_SIZE);
        assertThat(stats.hits()).isEqualTo(hitsSeen.sum());
        assertThat(stats.misses()).isEqualTo(missesSeen.sum());
        assertThat(stats.evictions()).isPositive();
        assertThat(stats.expirations()).isPositive();
        assertThat(removedSeen.sum()).isPositive();
        assertThat(size + stats.evictions() + stats.expirations() + removedSeen.sum())
                .as("entries still cached + evicted + expired + removed")
                .isEqualTo(puts.sum());
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void manyThreadsLoadingOverlappingKeysLoadEachKeyOnce(EvictionPolicy policy) throws Exception {
        QueryCacheBuilder builder = QueryCache.builder().evictionPolicy(policy);
        QueryCache<Integer, String> cache = policy == EvictionPolicy.TTL_ONLY
                ? builder.defaultTtl(Duration.ofDays(1)).build()
                : builder.maximumSize(1_000).build();
        int keys = 64;
        int callsPerThread = 20_000;
        ConcurrentHashMap<Integer, AtomicInteger> loadsPerKey = new ConcurrentHashMap<>();
        LongAdder hitsSeen = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);

        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < WORKERS; t++) {
            long seed = t;
            callers.add(threads.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                start.await();
                for (int i = 0; i < callsPerThread; i++) {
                    int key = random.nextInt(keys);
                    CacheResult<String> result = cache.getOrLoad(key, k -> {
                        loadsPerKey.computeIfAbsent(k, unused -> new AtomicInteger()).incrementAndGet();
                        Thread.yield(); // widens the window in which other threads miss the same key
                        return "value of " + k;
                    });
                    assertThat(result.value()).isEqualTo("value of " + key);
                    if (result.hit()) {
                        hitsSeen.increment();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> caller : callers) {
            caller.get(60, TimeUnit.SECONDS);
        }

        assertThat(loadsPerKey).hasSize(keys);
        assertThat(loadsPerKey.values()).allSatisfy(loads -> assertThat(loads).hasValue(1));
        CacheStats stats = cache.stats();
        assertThat(stats.loads()).isEqualTo(keys);
        assertThat(stats.hits()).isEqualTo(hitsSeen.sum());
        assertThat(stats.requests()).isEqualTo((long) WORKERS * callsPerThread);
    }
}
