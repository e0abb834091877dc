package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    @Test
    void defaultsAreDocumentedValues() {
        PoolConfig c = PoolConfig.builder().build();
        assertThat(c.maxSize()).isEqualTo(10);
        assertThat(c.minIdle()).isZero();
        assertThat(c.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.overtakeLimit()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.validationBypass()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.createParallelism()).isEqualTo(4);
        assertThat(c.leakDetectionThreshold()).isZero();
        assertThat(c.pooling()).isTrue();
        assertThat(c.initializationFailTimeout()).isNull();
        assertThat(c.name()).startsWith("pool-");
    }

    @Test
    void createParallelismDefaultNeverExceedsMaxSize() {
        assertThat(PoolConfig.builder().maxSize(2).build().createParallelism()).isEqualTo(2);
    }

    @Test
    void errorsNameFieldValueAndAllowedRange() {
        assertThatThrownBy(() -> PoolConfig.builder().maxSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PoolConfig.maxSize = 0 is not allowed; allowed: 1 to 100000");
        assertThatThrownBy(() -> PoolConfig.builder().maxSize(5).minIdle(6).build())
                .hasMessage("PoolConfig.minIdle = 6 is not allowed; allowed: 0 to maxSize (5)");
        assertThatThrownBy(() -> PoolConfig.builder().acquireTimeout(Duration.ofMillis(-1)).build())
                .hasMessageContaining("PoolConfig.acquireTimeout = PT-0.001S")
                .hasMessageContaining("at least PT0S");
        assertThatThrownBy(() -> PoolConfig.builder().overtakeLimit(Duration.ofMillis(-5)).build())
                .hasMessage("PoolConfig.overtakeLimit = PT-0.005S is not allowed; allowed: a duration of at least PT0S");
        assertThatThrownBy(() -> PoolConfig.builder().createTimeout(Duration.ZERO).build())
                .hasMessageContaining("PoolConfig.createTimeout = PT0S")
                .hasMessageContaining("above zero");
        assertThatThrownBy(() -> PoolConfig.builder().validationTimeout(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PoolConfig.validationTimeout = null");
        assertThatThrownBy(() -> PoolConfig.builder().name(" ").build())
                .hasMessageContaining("PoolConfig.name");
        assertThatThrownBy(() -> PoolConfig.builder().maxSize(3).createParallelism(4).build())
                .hasMessage("PoolConfig.createParallelism = 4 is not allowed; allowed: 1 to maxSize (3)");
        assertThatThrownBy(() -> PoolConfig.builder().createBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .hasMessageContaining("PoolConfig.createBackoff max = PT1S");
        assertThatThrownBy(() -> PoolConfig.builder().housekeepingPeriod(Duration.ZERO).build())
                .hasMessageContaining("PoolConfig.housekeepingPeriod = PT0S");
    }

    @Test
    void idleTimeoutAndKeepaliveMustBeShorterThanLifetime() {
        assertThatThrownBy(() -> PoolConfig.builder().maxLifetime(Duration.ofMinutes(1)).idleTimeout(Duration.ofMinutes(2)).build())
                .hasMessage("PoolConfig.idleTimeout = PT2M is not allowed; allowed: zero or less than maxLifetime (PT1M)");
        assertThatThrownBy(() -> PoolConfig.builder().maxLifetime(Duration.ofMinutes(1)).idleTimeout(Duration.ZERO)
                .keepaliveTime(Duration.ofMinutes(1)).build())
                .hasMessageContaining("PoolConfig.keepaliveTime = PT1M");
        // With no lifetime limit, any idle timeout is fine.
        assertThat(PoolConfig.builder().maxLifetime(Duration.ZERO).idleTimeout(Duration.ofHours(5)).build().idleTimeout())
                .isEqualTo(Duration.ofHours(5));
    }

    @Test
    void poolingDisabledCannotKeepIdleResources() {
        assertThatThrownBy(() -> PoolConfig.builder().pooling(false).minIdle(1).build())
                .hasMessageContaining("PoolConfig.minIdle = 1 is not allowed; allowed: 0 when pooling is disabled");
    }

    @Test
    void presetsBuildAndDiffer() {
        PoolConfig throughput = PoolConfig.highThroughput().build();
        PoolConfig latency = PoolConfig.lowLatency().build();
        PoolConfig dev = PoolConfig.development().build();
        assertThat(throughput.maxSize()).isGreaterThan(dev.maxSize());
        assertThat(latency.minIdle()).isEqualTo(latency.maxSize());
        assertThat(latency.warmUp()).isTrue();
        assertThat(latency.acquireTimeout()).isLessThan(throughput.acquireTimeout());
        assertThat(dev.leakDetectionThreshold()).isPositive();
        // Presets are starting points: they can be adjusted before build().
        assertThat(PoolConfig.lowLatency().maxSize(40).minIdle(40).build().maxSize()).isEqualTo(40);
    }
}
