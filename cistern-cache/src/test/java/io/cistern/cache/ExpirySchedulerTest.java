package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared expiry thread stays one thread with a short queue, however the caches are used. */
class ExpirySchedulerTest {

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void manyCachesWithExpiringEntriesShareOneThread(EvictionPolicy policy) {
        for (int i = 0; i < 50; i++) {
            cache(policy).put("k", "v", Duration.ofMinutes(10));
        }

        long expiryThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("cistern-cache-expiry"))
                .count();
        assertThat(expiryThreads).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(EvictionPolicy.class)
    void repeatedWritesAndSizingDoNotPileUpSweeps(EvictionPolicy policy) {
        ScheduledThreadPoolExecutor executor = (ScheduledThreadPoolExecutor) ExpiryScheduler.executor();
        QueryCache<String, String> cache = cache(policy);
        cache.put("first", "v", Duration.ofMinutes(10));
        int queuedBefore = executor.getQueue().size();

        for (int i = 0; i < 1_000; i++) {
            cache.put("k" + i, "v", Duration.ofMinutes(10));
            cache.size();
        }

        assertThat(executor.getQueue().size()).isLessThanOrEqualTo(queuedBefore + 1);
    }

    private static QueryCache<String, String> cache(EvictionPolicy policy) {
        QueryCacheBuilder builder = QueryCache.builder().evictionPolicy(policy);
        return policy == EvictionPolicy.TTL_ONLY
                ? builder.defaultTtl(Duration.ofHours(1)).build()
                : builder.maximumSize(10_000).build();
    }
}
