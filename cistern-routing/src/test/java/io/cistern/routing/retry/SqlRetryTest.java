package io.cistern.routing.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.SqlWork;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Retries transient failures only, with full-jitter backoff, a fresh connection per attempt, and counts it all. */
class SqlRetryTest {
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger connectionsClosed = new AtomicInteger();

    /** A DataSource whose connections do nothing but count their opening and closing. */
    private final DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                if (!method.getName().equals("getConnection")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                connectionsOpened.incrementAndGet();
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (p, m, a) -> {
                            if (m.getName().equals("close")) {
                                connectionsClosed.incrementAndGet();
                            }
                            return null;
                        });
            });

    private static RetryPolicy fast(int attempts) {
        return RetryPolicy.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
    }

    /** Work that throws the queued failures in turn, then returns "done". */
    private static SqlWork<String> failing(SQLException... failures) {
        Deque<SQLException> queue = new ArrayDeque<>(java.util.List.of(failures));
        return c -> {
            SQLException next = queue.poll();
            if (next != null) {
                throw next;
            }
            return "done";
        };
    }

    @Test
    void retriesConnectionFailuresOnAFreshConnectionEachTime() throws Exception {
        SqlRetry retry = new SqlRetry(fast(3));
        String result = retry.execute(dataSource, failing(new SQLException("refused", "08001"), new SQLException("reset", "08006")));
        assertThat(result).isEqualTo("done");
        assertThat(connectionsOpened.get()).isEqualTo(3);
        assertThat(connectionsClosed.get()).isEqualTo(3);
        RetryStats stats = retry.stats();
        assertThat(stats.calls()).isEqualTo(1);
        assertThat(stats.attempts()).isEqualTo(3);
        assertThat(stats.retries()).isEqualTo(2);
        assertThat(stats.succeededAfterRetry()).isEqualTo(1);
        assertThat(stats.connectionFailures()).isEqualTo(2);
    }

    @Test
    void neverRetriesANonTransientError() {
        SqlRetry retry = new SqlRetry(fast(5));
        SQLException duplicate = new SQLException("duplicate key", "23505");
        assertThatThrownBy(() -> retry.execute(dataSource, failing(duplicate))).isSameAs(duplicate);
        assertThat(connectionsOpened.get()).isEqualTo(1);
        assertThat(retry.stats().failedNotTransient()).isEqualTo(1);
        assertThat(retry.stats().retries()).isZero();
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheEarlierFailuresAttached() {
        SqlRetry retry = new SqlRetry(fast(3));
        SQLException first = new SQLException("refused 1", "08001");
        SQLException last = new SQLException("refused 3", "08001");
        assertThatThrownBy(() -> retry.execute(dataSource, failing(first, new SQLException("refused 2", "08001"), last)))
                .isSameAs(last)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first));
        assertThat(first.getSuppressed()).hasSize(1);
        assertThat(retry.stats().exhausted()).isEqualTo(1);
        assertThat(retry.stats().attempts()).isEqualTo(3);
    }

    @Test
    void serializationFailuresAreRetriedOnlyWhenTheCallerOptsIn() throws Exception {
        SqlRetry plain = new SqlRetry(fast(3));
        assertThatThrownBy(() -> plain.execute(dataSource, failing(new SQLException("conflict", "40001"))))
                .hasMessage("conflict");
        SqlRetry optedIn = new SqlRetry(fast(3).toBuilder().retrySerializationFailures(true).build());
        assertThat(optedIn.execute(dataSource, failing(new SQLException("conflict", "40001")))).isEqualTo("done");
        assertThat(optedIn.stats().serializationFailures()).isEqualTo(1);
    }

    @Test
    void backoffIsExponentialCappedAndFullyJittered() {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))
                .multiplier(2).build();
        assertThat(policy.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(policy.ceilingNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(policy.ceilingNanos(4)).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(policy.ceilingNanos(5)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(policy.ceilingNanos(60)).isEqualTo(Duration.ofSeconds(1).toNanos());
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long wait = policy.backoffNanos(3);
            assertThat(wait).isBetween(0L, Duration.ofMillis(400).toNanos());
            min = Math.min(min, wait);
            max = Math.max(max, wait);
        }
        // Full jitter: the whole range from 0 to the ceiling is used.
        assertThat(min).isLessThan(Duration.ofMillis(20).toNanos());
        assertThat(max).isGreaterThan(Duration.ofMillis(380).toNanos());
    }

    @Test
    void badPoliciesFailAtBuildTime() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessage("retry maxAttempts = 0 is not allowed; allowed: 1 to 100");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxBackoff = PT1S");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
                .hasMessageContaining("multiplier = 0.5");
    }
}
