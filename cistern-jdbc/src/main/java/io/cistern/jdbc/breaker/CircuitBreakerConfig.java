package io.cistern.jdbc.breaker;

import io.cistern.pool.config.NotAllowed;
import java.time.Duration;

/**
 * Immutable settings of a {@link CircuitBreaker}. The breaker opens on whichever trips first:
 * a run of {@code failureThreshold} failures with no success between them, or (when
 * {@code failureRateThreshold} is above 0) a failure rate at or above it over the last
 * {@code slidingWindow}, once at least {@code minimumCalls} outcomes were recorded there.
 *
 * <pre>{@code
 * CircuitBreakerConfig breaker = CircuitBreakerConfig.builder()
 *         .failureThreshold(5)
 *         .waitInOpenState(Duration.ofSeconds(5))
 *         .permittedProbes(2)
 *         .build();
 * }</pre>
 */
public final class CircuitBreakerConfig {
    private final int failureThreshold;
    private final int failureRateThreshold;
    private final Duration slidingWindow;
    private final int minimumCalls;
    private final Duration waitInOpenState;
    private final int permittedProbes;

    private CircuitBreakerConfig(Builder b) {
        this.failureThreshold = b.failureThreshold;
        this.failureRateThreshold = b.failureRateThreshold;
        this.slidingWindow = b.slidingWindow;
        this.minimumCalls = b.minimumCalls;
        this.waitInOpenState = b.waitInOpenState;
        this.permittedProbes = b.permittedProbes;
    }

    /** @return a builder with the defaults listed on its setters */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults: 5 failures in a row, no rate threshold, 5 s open, 2 probes */
    public static CircuitBreakerConfig defaults() {
        return builder().build();
    }

    /** @return failures in a row that open the breaker; 0 when only the rate counts */
    public int failureThreshold() { return failureThreshold; }
    /** @return failure percentage over the window that opens the breaker; 0 when off */
    public int failureRateThreshold() { return failureRateThreshold; }
    /** @return the time window of the failure rate */
    public Duration slidingWindow() { return slidingWindow; }
    /** @return outcomes needed in the window before the rate is judged */
    public int minimumCalls() { return minimumCalls; }
    /** @return how long the breaker stays open before letting probes through */
    public Duration waitInOpenState() { return waitInOpenState; }
    /** @return probe calls let through at once while half-open */
    public int permittedProbes() { return permittedProbes; }

    @Override
    public String toString() {
        return "CircuitBreakerConfig{failureThreshold=" + failureThreshold + ", failureRateThreshold=" + failureRateThreshold
                + ", slidingWindow=" + slidingWindow + ", minimumCalls=" + minimumCalls
                + ", waitInOpenState=" + waitInOpenState + ", permittedProbes=" + permittedProbes + '}';
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private int failureThreshold = 5;
        private int failureRateThreshold = 0;
        private Duration slidingWindow = Duration.ofSeconds(10);
        private int minimumCalls = 20;
        private Duration waitInOpenState = Duration.ofSeconds(5);
        private int permittedProbes = 2;

        private Builder() {
        }

        /** @param failures failures in a row that open the breaker, 0 (off, needs a rate threshold) to 1000; default 5 */
        public Builder failureThreshold(int failures) { this.failureThreshold = failures; return this; }
        /** @param percent failure rate that opens the breaker, 0 (off) to 100; default 0 */
        public Builder failureRateThreshold(int percent) { this.failureRateThreshold = percent; return this; }
        /** @param window time window of the failure rate, 1 s to 1 h; default 10 s */
        public Builder slidingWindow(Duration window) { this.slidingWindow = window; return this; }
        /** @param calls outcomes needed in the window before the rate is judged, at least 1; default 20 */
        public Builder minimumCalls(int calls) { this.minimumCalls = calls; return this; }
        /** @param wait time spent open before probing, 10 ms to 1 h; default 5 s */
        public Builder waitInOpenState(Duration wait) { this.waitInOpenState = wait; return this; }
        /** @param probes probe calls let through at once while half-open, 1 to 100; default 2 */
        public Builder permittedProbes(int probes) { this.permittedProbes = probes; return this; }

        /**
         * @return the checked settings
         * @throws IllegalArgumentException naming the bad setting, its value and what is allowed
         */
        public CircuitBreakerConfig build() {
            if (failureThreshold < 0 || failureThreshold > 1000) {
                throw NotAllowed.setting("circuit breaker failureThreshold", failureThreshold, "0 to 1000");
            }
            if (failureRateThreshold < 0 || failureRateThreshold > 100) {
                throw NotAllowed.setting("circuit breaker failureRateThreshold", failureRateThreshold, "0 (off) to 100 percent");
            }
            if (failureThreshold == 0 && failureRateThreshold == 0) {
                throw NotAllowed.setting("circuit breaker failureThreshold", 0, "1 to 1000 when failureRateThreshold is 0 (else the breaker never opens)");
            }
            within("slidingWindow", slidingWindow, Duration.ofSeconds(1), Duration.ofHours(1));
            if (minimumCalls < 1) {
                throw NotAllowed.setting("circuit breaker minimumCalls", minimumCalls, "1 or more");
            }
            within("waitInOpenState", waitInOpenState, Duration.ofMillis(10), Duration.ofHours(1));
            if (permittedProbes < 1 || permittedProbes > 100) {
                throw NotAllowed.setting("circuit breaker permittedProbes", permittedProbes, "1 to 100");
            }
            return new CircuitBreakerConfig(this);
        }

        private static void within(String name, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw NotAllowed.setting("circuit breaker " + name, value, min.toMillis() + " ms to " + max.toMillis() + " ms");
            }
        }
    }
}
