package io.cistern.routing.retry;

import io.cistern.pool.config.NotAllowed;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before trying a unit of work again: up to {@code maxAttempts}
 * attempts, only after transient failures ({@link SqlFailure#CONNECTION}, and
 * {@link SqlFailure#SERIALIZATION} or {@link SqlFailure#READ_ONLY_SERVER} when opted in), waiting
 * between attempts an exponential backoff with full jitter: a uniformly random time between 0
 * and {@code min(maxBackoff, initialBackoff * multiplier^(retry - 1))}, so callers that failed
 * together do not retry together.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *         .maxAttempts(4)
 *         .initialBackoff(Duration.ofMillis(50))
 *         .maxBackoff(Duration.ofSeconds(2))
 *         .retrySerializationFailures(true)   // the work runs a whole transaction
 *         .build();
 * }</pre>
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final boolean retrySerializationFailures;
    private final boolean retryReadOnlyServerFailures;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.retrySerializationFailures = b.retrySerializationFailures;
        this.retryReadOnlyServerFailures = b.retryReadOnlyServerFailures;
    }

    /** @return a builder with the defaults listed on its setters */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults: 3 attempts, 100 ms growing twofold to at most 5 s, connection failures only */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** @return attempts in all, the first included */
    public int maxAttempts() { return maxAttempts; }
    /** @return the backoff ceiling before the first retry */
    public Duration initialBackoff() { return initialBackoff; }
    /** @return the largest backoff ceiling */
    public Duration maxBackoff() { return maxBackoff; }
    /** @return the growth of the ceiling per retry */
    public double multiplier() { return multiplier; }
    /** @return whether serialization failures and deadlocks are retried */
    public boolean retrySerializationFailures() { return retrySerializationFailures; }
    /** @return whether writes that reached a read-only (demoted) server are retried */
    public boolean retryReadOnlyServerFailures() { return retryReadOnlyServerFailures; }

    /**
     * @param kind the kind of failure
     * @return whether this policy retries it
     */
    public boolean retries(SqlFailure kind) {
        switch (kind) {
            case CONNECTION: return true;
            case SERIALIZATION: return retrySerializationFailures;
            case READ_ONLY_SERVER: return retryReadOnlyServerFailures;
            default: return false;
        }
    }

    /**
     * @param retry 1 for the wait before the second attempt, 2 before the third, ...
     * @return the upper bound of the wait before that attempt, in nanoseconds
     */
    long ceilingNanos(int retry) {
        double ceiling = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
        return (long) Math.min(ceiling, (double) maxBackoff.toNanos());
    }

    /**
     * @param retry 1 for the wait before the second attempt, 2 before the third, ...
     * @return a wait drawn uniformly from 0 to the ceiling (full jitter)
     */
    long backoffNanos(int retry) {
        long ceiling = ceilingNanos(retry);
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /**
     * @return a builder holding these settings, to derive a variant
     */
    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .multiplier(multiplier).retrySerializationFailures(retrySerializationFailures)
                .retryReadOnlyServerFailures(retryReadOnlyServerFailures);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", multiplier=" + multiplier + ", retrySerializationFailures=" + retrySerializationFailures
                + ", retryReadOnlyServerFailures=" + retryReadOnlyServerFailures + '}';
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private double multiplier = 2.0;
        private boolean retrySerializationFailures;
        private boolean retryReadOnlyServerFailures;

        private Builder() {
        }

        /** @param attempts attempts in all, 1 (no retry) to 100; default 3 */
        public Builder maxAttempts(int attempts) { this.maxAttempts = attempts; return this; }
        /** @param backoff ceiling of the first wait, 0 to 1 min; default 100 ms */
        public Builder initialBackoff(Duration backoff) { this.initialBackoff = backoff; return this; }
        /** @param backoff largest ceiling, from initialBackoff to 10 min; default 5 s */
        public Builder maxBackoff(Duration backoff) { this.maxBackoff = backoff; return this; }
        /** @param factor growth of the ceiling per retry, 1 to 10; default 2 */
        public Builder multiplier(double factor) { this.multiplier = factor; return this; }
        /** @param retry retry 40001 and 40P01; only when the work is a whole transaction; default false */
        public Builder retrySerializationFailures(boolean retry) { this.retrySerializationFailures = retry; return this; }
        /** @param retry retry 25006, a write on a server a failover made read-only; default false */
        public Builder retryReadOnlyServerFailures(boolean retry) { this.retryReadOnlyServerFailures = retry; return this; }

        /**
         * @return the checked policy
         * @throws IllegalArgumentException naming the bad setting, its value and what is allowed
         */
        public RetryPolicy build() {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw NotAllowed.setting("retry maxAttempts", maxAttempts, "1 to 100");
            }
            if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
                throw NotAllowed.setting("retry initialBackoff", initialBackoff, "0 to 1 min");
            }
            if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0 || maxBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
                throw NotAllowed.setting("retry maxBackoff", maxBackoff, "initialBackoff (" + initialBackoff + ") to 10 min");
            }
            if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
                throw NotAllowed.setting("retry multiplier", multiplier, "1 to 10");
            }
            return new RetryPolicy(this);
        }
    }
}
