package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueryCacheBuilderTest {

    @Test
    void rejectsANegativeMaximumSizeNamingIt() {
        assertThatThrownBy(() -> QueryCache.builder().maximumSize(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumSize must be 0 or more, was -5");
    }

    @Test
    void rejectsANonPositiveDefaultTtlNamingIt() {
        assertThatThrownBy(() -> QueryCache.builder().defaultTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("defaultTtl must be positive, was PT0S");
        assertThatThrownBy(() -> QueryCache.builder().defaultTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
    }

    @Test
    void rejectsASettingGivenTwice() {
        assertThatThrownBy(() -> QueryCache.builder().maximumSize(10).maximumSize(20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("maximumSize was already set to 10");
        assertThatThrownBy(() -> QueryCache.builder().evictionPolicy(EvictionPolicy.LRU).evictionPolicy(EvictionPolicy.LFU))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("evictionPolicy was already set to LRU");
        assertThatThrownBy(() -> QueryCache.builder().defaultTtl(Duration.ofSeconds(1)).defaultTtl(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("defaultTtl was already set to PT1S");
    }

    @Test
    void aBoundedPolicyNeedsAMaximumSizeAtBuild() {
        assertThatThrownBy(() -> QueryCache.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evictionPolicy(WINDOW_TINY_LFU) needs a maximumSize");
        assertThatThrownBy(() -> QueryCache.builder().evictionPolicy(EvictionPolicy.FIFO).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evictionPolicy(FIFO) needs a maximumSize");
    }

    @Test
    void ttlOnlyRefusesASizeAndNeedsADefaultTtl() {
        assertThatThrownBy(() -> QueryCache.builder().evictionPolicy(EvictionPolicy.TTL_ONLY).maximumSize(100)
                .defaultTtl(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maximumSize(100) cannot be combined with evictionPolicy(TTL_ONLY)");
        assertThatThrownBy(() -> QueryCache.builder().evictionPolicy(EvictionPolicy.TTL_ONLY).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TTL_ONLY) needs a defaultTtl");
    }

    @Test
    void theDefaultPolicyIsWindowTinyLfu() {
        QueryCache<String, String> cache = QueryCache.builder().maximumSize(10).build();

        assertThat(cache).isInstanceOf(CaffeineQueryCache.class);
    }

    @Test
    void oneBuilderBuildsIndependentCaches() {
        QueryCacheBuilder builder = QueryCache.builder().maximumSize(10).evictionPolicy(EvictionPolicy.LRU);
        QueryCache<String, String> first = builder.build();
        QueryCache<String, String> second = builder.build();

        first.put("k", "v");

        assertThat(second.get("k")).isNull();
    }

    @Test
    void absurdlyLongTtlsMeanPracticallyForever() {
        QueryCache<String, String> cache = QueryCache.builder().maximumSize(10).evictionPolicy(EvictionPolicy.LRU)
                .defaultTtl(Duration.ofSeconds(Long.MAX_VALUE)).build();

        cache.put("k", "v");

        assertThat(cache.get("k")).isEqualTo("v");
    }
}
