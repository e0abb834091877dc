package io.cistern.jdbc.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.pool.PoolStats;
import org.junit.jupiter.api.Test;

/** The documented rule, case by case, on statistics as the pool reports them. */
class HealthRuleTest {

    /** A pool of 4: active, idle, waiting, acquisitions, timeouts, creation failures. */
    private static PoolStats stats(int active, int idle, int waiting, long acquisitions, long timeouts, long creationFailures) {
        return new PoolStats("p", 4, 0, active + idle, active, idle, waiting, 0, active + idle, 0, acquisitions, 0, timeouts,
                creationFailures, 0, 0, 0, active, 0, 0);
    }

    private static HealthRule.Verdict judge(PoolStats before, PoolStats now) {
        return HealthRule.judge(before, now, false, null);
    }

    @Test
    void eachCaseOfTheRule() {
        PoolStats calm = stats(1, 3, 0, 100, 0, 0);
        assertThat(judge(null, calm)).isEqualTo(new HealthRule.Verdict(PoolHealth.HEALTHY, "healthy"));
        assertThat(judge(calm, stats(4, 0, 2, 150, 0, 0)))
                .isEqualTo(new HealthRule.Verdict(PoolHealth.DEGRADED, "2 callers waiting, all 4 connections lent"));
        assertThat(judge(calm, stats(3, 0, 2, 150, 0, 0)).health())
                .as("waiting while a connection is being opened for them is not saturation").isEqualTo(PoolHealth.HEALTHY);
        assertThat(judge(calm, stats(4, 0, 0, 150, 3, 0)))
                .isEqualTo(new HealthRule.Verdict(PoolHealth.DEGRADED, "3 getConnection timeouts"));
        assertThat(judge(calm, stats(4, 0, 0, 100, 3, 0)))
                .isEqualTo(new HealthRule.Verdict(PoolHealth.UNHEALTHY, "3 getConnection timeouts and none served"));
        assertThat(judge(calm, stats(1, 0, 0, 120, 0, 2)))
                .isEqualTo(new HealthRule.Verdict(PoolHealth.DEGRADED, "2 failed connection opens"));
        assertThat(judge(calm, stats(0, 0, 0, 100, 0, 2)))
                .isEqualTo(new HealthRule.Verdict(PoolHealth.UNHEALTHY, "2 failed connection opens and no connection alive"));
        assertThat(judge(stats(0, 0, 0, 100, 0, 2), stats(0, 0, 0, 100, 0, 2)).health())
                .as("old failures are not counted again").isEqualTo(PoolHealth.HEALTHY);
        assertThat(HealthRule.judge(calm, calm, true, null)).isEqualTo(new HealthRule.Verdict(PoolHealth.UNHEALTHY, "closed"));
        assertThat(HealthRule.judge(calm, calm, false, "OPEN")).isEqualTo(new HealthRule.Verdict(PoolHealth.UNHEALTHY, "breaker open"));
        assertThat(HealthRule.judge(calm, calm, false, "HALF_OPEN"))
                .isEqualTo(new HealthRule.Verdict(PoolHealth.DEGRADED, "breaker half-open"));
        assertThat(HealthRule.judge(calm, calm, false, "CLOSED").health()).isEqualTo(PoolHealth.HEALTHY);
    }
}
