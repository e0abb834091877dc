package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every policy promises, whatever it evicts. */
class QueryCacheContractTest {

    private final FakeTicker ticker = new FakeTicker();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private QueryCache<String, String> cache(EvictionPolicy policy) {
        QueryCacheBuilder builder = QueryCache.builder().evictionPolicy(policy).ticker(ticker);
        return policy == EvictionPolicy.TTL_ONLY
                ? builder.defaultTtl(Duration.ofDays(1)).build()
                : builder.maximumSize(100).build();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void getReturnsWhatWasPutAndCountsHitsAndMisses(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);

        assertThat(cache.get("a")).isNull();
        cache.put("a", "1");
        cache.put("a", "2");

        assertThat(cache.get("a")).isEqualTo("2");
        assertThat(cache.size()).isEqualTo(1);
        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.5);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void removeAndClearForgetEntries(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");

        assertThat(cache.remove("a")).isEqualTo("1");
        assertThat(cache.remove("a")).isNull();
        assertThat(cache.get("a")).isNull();
        assertThat(cache.size()).isEqualTo(2);

        cache.clear();

        assertThat(cache.size()).isZero();
        assertThat(cache.get("b")).isNull();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void anEntryExpiresItsTtlAfterItWasWrittenAndReadsDoNotExtendIt(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);
        cache.put("short", "s", Duration.ofSeconds(10));
        cache.put("long", "l", Duration.ofSeconds(30));

        ticker.advance(Duration.ofSeconds(9));
        assertThat(cache.get("short")).isEqualTo("s");
        ticker.advance(Duration.ofSeconds(1));

        assertThat(cache.get("short")).isNull();
        assertThat(cache.get("long")).isEqualTo("l");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.stats().expirations()).isEqualTo(1);
        assertThat(cache.stats().misses()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void rewritingAnEntryRestartsItsTtl(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);
        cache.put("k", "1", Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));
        cache.put("k", "2", Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));

        assertThat(cache.get("k")).isEqualTo("2");
        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.get("k")).isNull();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void theDefaultTtlAppliesToPutAndGetOrLoad(EvictionPolicy policy) {
        QueryCacheBuilder builder = QueryCache.builder().evictionPolicy(policy).ticker(ticker).defaultTtl(Duration.ofMinutes(1));
        QueryCache<String, String> cache = policy == EvictionPolicy.TTL_ONLY ? builder.build() : builder.maximumSize(10).build();
        cache.put("put", "p");
        cache.getOrLoad("loaded", key -> "l");

        ticker.advance(Duration.ofMinutes(1));

        assertThat(cache.get("put")).isNull();
        assertThat(cache.get("loaded")).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.stats().expirations()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void removingAnExpiredEntryReturnsNothingAndCountsAnExpiration(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);
        cache.put("k", "v", Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(2));

        assertThat(cache.remove("k")).isNull();
        assertThat(cache.stats().expirations()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void getOrLoadSaysMissThenHitAndWhenTheValueWasCached(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);
        Instant before = Instant.now();

        CacheResult<String> first = cache.getOrLoad("k", key -> key + "!");
        ticker.advance(Duration.ofSeconds(5));
        CacheResult<String> second = cache.getOrLoad("k", key -> "never called");

        assertThat(first.value()).isEqualTo("k!");
        assertThat(first.hit()).isFalse();
        assertThat(first.cachedAt()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(second).isEqualTo(new CacheResult<>("k!", true, first.cachedAt()));
        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.loads()).isEqualTo(1);
        assertThat(stats.loadFailures()).isZero();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void aFailingLoaderCachesNothingAndIsCounted(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);

        assertThatThrownBy(() -> cache.getOrLoad("k", key -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");
        assertThatThrownBy(() -> cache.getOrLoad("k", key -> null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the loader returned null for key k");

        assertThat(cache.size()).isZero();
        assertThat(cache.stats().loadFailures()).isEqualTo(2);
        assertThat(cache.getOrLoad("k", key -> "v").hit()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void aLoaderThatLoadsItsOwnKeyFailsInsteadOfDeadlocking(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);

        assertThatThrownBy(() -> cache.getOrLoad("k", key -> cache.getOrLoad("k", again -> "v").value()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the loader for key k asked to load the same key again");
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void rejectsNullArgumentsAndNonPositiveTtls(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);

        assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> cache.put("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> cache.put("k", "v", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT-0.001S");
        assertThatThrownBy(() -> cache.getOrLoad("k", null)).isInstanceOf(NullPointerException.class).hasMessage("loader");
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void invalidateMatchingRemovesOnlyMatchingKeysAndCountsThem(EvictionPolicy policy) {
        QueryCache<String, String> cache = cache(policy);
        for (int i = 0; i < 10; i++) {
            cache.put("session:" + i, "s");
            cache.put("node:" + i, "n");
        }

        long removed = cache.invalidateMatching(key -> key.startsWith("session:"));

        assertThat(removed).isEqualTo(10);
        assertThat(cache.size()).isEqualTo(10);
        assertThat(cache.get("node:3")).isEqualTo("n");
        assertThat(cache.get("session:3")).isNull();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void concurrentMissesOfOneKeyRunTheLoaderOnceAndAllGetItsValue(EvictionPolicy policy) throws Exception {
        QueryCache<String, String> cache = cache(policy);
        int callers = 16;
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch allWaiting = new CountDownLatch(1);
        CountDownLatch loaderRunning = new CountDownLatch(1);
        List<Future<CacheResult<String>>> results = new ArrayList<>();
        results.add(threads.submit(() -> cache.getOrLoad("k", key -> {
            calls.incrementAndGet();
            loaderRunning.countDown();
            await(allWaiting);
            return "v";
        })));
        loaderRunning.await();
        for (int i = 1; i < callers; i++) {
            results.add(threads.submit(() -> cache.getOrLoad("k", key -> {
                calls.incrementAndGet();
                return "other";
            })));
        }
        Thread.sleep(100); // lets the other callers reach the wait; too early a release only weakens the test
        allWaiting.countDown();

        for (Future<CacheResult<String>> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).value()).isEqualTo("v");
        }
        assertThat(calls).hasValue(1);
        CacheStats stats = cache.stats();
        assertThat(stats.loads()).isEqualTo(1);
        assertThat(stats.hits() + stats.misses()).isEqualTo(callers);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void waitersGetTheLoadersExceptionWithoutLoadingAgain(EvictionPolicy policy) throws Exception {
        QueryCache<String, String> cache = cache(policy);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch loaderRunning = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Future<CacheResult<String>> owner = threads.submit(() -> cache.getOrLoad("k", key -> {
            calls.incrementAndGet();
            loaderRunning.countDown();
            await(release);
            throw new IllegalStateException("query timed out");
        }));
        loaderRunning.await();
        Future<CacheResult<String>> waiter = threads.submit(() -> cache.getOrLoad("k", key -> {
            calls.incrementAndGet();
            return "v";
        }));
        Thread.sleep(100);
        release.countDown();

        for (Future<CacheResult<String>> result : List.of(owner, waiter)) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("query timed out");
        }
        assertThat(calls).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void aLoadRunningWhenItsKeyIsInvalidatedAnswersButIsNotStored(EvictionPolicy policy) throws Exception {
        QueryCache<String, String> cache = cache(policy);
        CountDownLatch release = new CountDownLatch(1);
        Future<CacheResult<String>> load = loadOfKUntil(release, cache, "stale");

        cache.remove("k");
        release.countDown();

        assertThat(load.get(10, TimeUnit.SECONDS).value()).isEqualTo("stale");
        assertThat(cache.get("k")).isNull();
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void aPutDuringALoadWinsOverTheLoadedValue(EvictionPolicy policy) throws Exception {
        QueryCache<String, String> cache = cache(policy);
        CountDownLatch release = new CountDownLatch(1);
        Future<CacheResult<String>> load = loadOfKUntil(release, cache, "loaded before the write");

        cache.put("k", "written");
        release.countDown();
        load.get(10, TimeUnit.SECONDS);

        assertThat(cache.get("k")).isEqualTo("written");
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void expiredEntriesAreRemovedInTheBackgroundWithoutAnyCall(EvictionPolicy policy) throws Exception {
        QueryCacheBuilder builder = QueryCache.builder().evictionPolicy(policy).defaultTtl(Duration.ofMillis(50));
        QueryCache<String, String> cache = policy == EvictionPolicy.TTL_ONLY ? builder.build() : builder.maximumSize(10).build();
        cache.put("a", "1");
        cache.put("b", "2");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.stats().expirations() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(cache.stats().expirations()).isEqualTo(2);
    }

    /** Starts a load of key "k" on another thread and returns once its loader is running. */
    private Future<CacheResult<String>> loadOfKUntil(CountDownLatch release, QueryCache<String, String> cache, String value)
            throws InterruptedException {
        CountDownLatch loaderRunning = new CountDownLatch(1);
        Future<CacheResult<String>> load = threads.submit(() -> cache.getOrLoad("k", key -> {
            loaderRunning.countDown();
            await(release);
            return value;
        }));
        loaderRunning.await();
        return load;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch not released in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
