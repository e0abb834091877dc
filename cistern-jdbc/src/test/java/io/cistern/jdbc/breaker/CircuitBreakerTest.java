package io.cistern.jdbc.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's state machine, on a clock the test moves. */
class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> transitions = new ArrayList<>();

    private CircuitBreaker breaker(CircuitBreakerConfig config) {
        return new CircuitBreaker("db1", config, (b, from, to, cause) -> transitions.add(from + "->" + to), now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static final IOException DOWN = new IOException("connection refused");

    @Test
    void opensAfterARunOfFailuresThatNoSuccessInterrupts() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(3).build());
        b.onFailure(DOWN);
        b.onFailure(DOWN);
        b.onSuccess();
        b.onFailure(DOWN);
        b.onFailure(DOWN);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(b.stats().consecutiveFailures()).isEqualTo(2);
        b.onFailure(DOWN);
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
        assertThat(b.stats().lastFailure()).contains("connection refused");
    }

    @Test
    void refusesWhileOpenAndCountsTheRefusals() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(1).waitInOpenState(Duration.ofSeconds(5)).build());
        b.onFailure(DOWN);
        for (int i = 0; i < 7; i++) {
            assertThat(b.tryAcquirePermission()).isFalse();
        }
        advance(Duration.ofMillis(4999));
        assertThat(b.tryAcquirePermission()).isFalse();
        assertThat(b.stats().notPermitted()).isEqualTo(8);
    }

    @Test
    void halfOpenLetsTheConfiguredProbesThroughAndASuccessCloses() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(1)
                .waitInOpenState(Duration.ofSeconds(5)).permittedProbes(2).build());
        b.onFailure(DOWN);
        advance(Duration.ofSeconds(5));
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(b.tryAcquirePermission()).as("a third probe while two are out").isFalse();
        b.releasePermission();
        assertThat(b.tryAcquirePermission()).as("a probe slot given back").isTrue();
        b.onSuccess();
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        BreakerStats stats = b.stats();
        assertThat(stats.timesOpened()).isEqualTo(1);
        assertThat(stats.timesHalfOpened()).isEqualTo(1);
        assertThat(stats.timesClosed()).isEqualTo(1);
    }

    @Test
    void aFailedProbeOpensAgainForAFullWait() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(1).waitInOpenState(Duration.ofSeconds(5)).build());
        b.onFailure(DOWN);
        advance(Duration.ofSeconds(5));
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onFailure(DOWN);
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        advance(Duration.ofSeconds(4));
        assertThat(b.tryAcquirePermission()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(b.tryAcquirePermission()).isTrue();
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN");
    }

    @Test
    void probesThatNeverReportAreHandedOutAgainAfterAWait() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(1)
                .waitInOpenState(Duration.ofSeconds(2)).permittedProbes(1).build());
        b.onFailure(DOWN);
        advance(Duration.ofSeconds(2));
        assertThat(b.tryAcquirePermission()).isTrue(); // this probe's caller vanishes
        assertThat(b.tryAcquirePermission()).isFalse();
        advance(Duration.ofSeconds(2));
        assertThat(b.tryAcquirePermission()).isTrue();
    }

    @Test
    void aFailureRateOverTheWindowOpensOnceEnoughCallsWereSeen() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(0).failureRateThreshold(50)
                .slidingWindow(Duration.ofSeconds(10)).minimumCalls(10).build());
        assertThat(b.countsEveryCall()).isTrue();
        for (int i = 0; i < 4; i++) {
            b.onSuccess();
            b.onFailure(DOWN);
        }
        assertThat(b.state()).as("8 calls, under the minimum of 10").isEqualTo(BreakerState.CLOSED);
        b.onSuccess();
        b.onFailure(DOWN);
        assertThat(b.state()).as("5 of 10 failed: 50 %").isEqualTo(BreakerState.OPEN);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        CircuitBreaker b = breaker(CircuitBreakerConfig.builder().failureThreshold(0).failureRateThreshold(50)
                .slidingWindow(Duration.ofSeconds(10)).minimumCalls(4).build());
        b.onFailure(DOWN);
        b.onFailure(DOWN);
        b.onFailure(DOWN);
        advance(Duration.ofSeconds(11));
        b.onSuccess();
        b.onSuccess();
        b.onSuccess();
        b.onFailure(DOWN);
        assertThat(b.state()).as("1 of 4 in the window").isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void concurrentFailuresOpenItOnceAndTheListenerHearsItOnce() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        CircuitBreaker b = new CircuitBreaker("db1", CircuitBreakerConfig.builder().failureThreshold(5).build(),
                (x, from, to, cause) -> {
                    if (to == BreakerState.OPEN) {
                        opened.incrementAndGet();
                    }
                });
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < 1000; k++) {
                    b.onFailure(DOWN);
                }
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(opened.get()).isEqualTo(1);
        assertThat(b.stats().failures()).isEqualTo(8000);
    }

    @Test
    void badSettingsFailAtBuildTimeNamingTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureThreshold(-1).build())
                .hasMessage("circuit breaker failureThreshold = -1 is not allowed; allowed: 0 to 1000");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureThreshold(0).build())
                .hasMessageContaining("failureThreshold = 0").hasMessageContaining("never opens");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRateThreshold(101).build())
                .hasMessageContaining("failureRateThreshold = 101");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().waitInOpenState(Duration.ofMillis(1)).build())
                .hasMessageContaining("waitInOpenState = PT0.001S").hasMessageContaining("10 ms to 3600000 ms");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().permittedProbes(0).build())
                .hasMessageContaining("permittedProbes = 0");
    }
}
