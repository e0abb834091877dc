package io.cistern.jdbc.breaker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for one endpoint: closed, open, half-open.
 *
 * <p>Callers ask {@link #tryAcquirePermission()} before using the endpoint and report what
 * happened with {@link #onSuccess()} or {@link #onFailure(Throwable)}; a permission taken and
 * not used is given back with {@link #releasePermission()}. While closed, asking costs one
 * volatile read and nothing is written, so a healthy endpoint pays nothing for its breaker.
 * Failures in a row ({@link CircuitBreakerConfig#failureThreshold()}) or a failure rate over a
 * time window open it; while open every request is refused at once; after
 * {@link CircuitBreakerConfig#waitInOpenState()} up to
 * {@link CircuitBreakerConfig#permittedProbes()} probes go through at a time, the first success
 * closes it and a failure opens it again for another wait.
 *
 * <p>What counts as a success is the caller's choice. Cistern's router reports successes only
 * for proofs of life (a health probe, a half-open probe, and with a rate window any acquire), so
 * a run of fatal errors on connections that were handed out before the endpoint died is not
 * interrupted by acquires that merely took a pooled connection.
 *
 * <p>Lock-free: state changes are compare-and-set, so exactly one thread performs each
 * transition and the listener hears about it once.
 */
public final class CircuitBreaker {

    /** Hears every state change, on the thread that caused it; must be quick and must not throw. */
    @FunctionalInterface
    public interface StateListener {
        /**
         * @param breaker the breaker that changed
         * @param from the state it left
         * @param to the state it entered
         * @param cause the failure that opened it, or {@code null}
         */
        void onTransition(CircuitBreaker breaker, BreakerState from, BreakerState to, Throwable cause);
    }

    private final String name;
    private final CircuitBreakerConfig config;
    private final StateListener listener;
    private final LongSupplier nanoClock;
    private final long waitNanos;
    private final FailureRateWindow window;

    private final AtomicReference<BreakerState> state = new AtomicReference<>(BreakerState.CLOSED);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger probesInFlight = new AtomicInteger();
    private volatile long openedAtNanos;
    private volatile long halfOpenedAtNanos;
    private volatile Throwable lastFailure;

    private final LongAdder failures = new LongAdder();
    private final LongAdder notPermitted = new LongAdder();
    private final AtomicLong timesOpened = new AtomicLong();
    private final AtomicLong timesHalfOpened = new AtomicLong();
    private final AtomicLong timesClosed = new AtomicLong();

    /**
     * @param name names the breaker in logs and statistics (usually the endpoint's name)
     * @param config the settings
     * @param listener hears state changes, or {@code null}
     */
    public CircuitBreaker(String name, CircuitBreakerConfig config, StateListener listener) {
        this(name, config, listener, System::nanoTime);
    }

    /**
     * @param name names the breaker in logs and statistics
     * @param config the settings
     * @param listener hears state changes, or {@code null}
     * @param nanoClock the clock the open wait and the rate window are measured on, in
     *     nanoseconds (a caller's own clock, such as one a test moves)
     */
    public CircuitBreaker(String name, CircuitBreakerConfig config, StateListener listener, LongSupplier nanoClock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.waitNanos = config.waitInOpenState().toNanos();
        this.window = config.failureRateThreshold() > 0 ? new FailureRateWindow(config, nanoClock) : null;
    }

    /** @return the breaker's name */
    public String name() {
        return name;
    }

    /** @return the settings */
    public CircuitBreakerConfig config() {
        return config;
    }

    /**
     * @return the current state; an open breaker whose wait has passed still shows {@code OPEN}
     *     until the next {@link #tryAcquirePermission()} moves it to half-open
     */
    public BreakerState state() {
        return state.get();
    }

    /**
     * @return how much longer an open breaker refuses every request; zero when it is not open or
     *     its wait has passed (the next {@link #tryAcquirePermission()} then lets a probe through)
     */
    public Duration remainingOpenWait() {
        if (state.get() != BreakerState.OPEN) {
            return Duration.ZERO;
        }
        long left = waitNanos - (nanoClock.getAsLong() - openedAtNanos);
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** @return whether a failure rate window is kept, so plain successes are worth reporting */
    public boolean countsEveryCall() {
        return window != null;
    }

    /**
     * Asks to use the endpoint.
     *
     * @return {@code true} when closed, or when half-open and a probe slot is free (the call is
     *     then a probe: report its outcome, or {@link #releasePermission()} if it is not made);
     *     {@code false} when open, or half-open with every probe slot taken
     */
    public boolean tryAcquirePermission() {
        BreakerState s = state.get();
        return s == BreakerState.CLOSED || permitWhenNotClosed(s);
    }

    private boolean permitWhenNotClosed(BreakerState s) {
        long now = nanoClock.getAsLong();
        if (s == BreakerState.OPEN) {
            if (now - openedAtNanos < waitNanos) {
                notPermitted.increment();
                return false;
            }
            halfOpenedAtNanos = now;
            probesInFlight.set(0);
            transition(BreakerState.OPEN, BreakerState.HALF_OPEN, null);
            s = state.get();
            if (s == BreakerState.CLOSED) {
                return true;
            }
            if (s == BreakerState.OPEN) {
                notPermitted.increment();
                return false;
            }
        }
        // A probe whose caller vanished without reporting must not keep the breaker half-open
        // forever: after another full wait the probe slots are handed out again.
        if (now - halfOpenedAtNanos >= waitNanos) {
            halfOpenedAtNanos = now;
            probesInFlight.set(0);
        }
        for (;;) {
            int inFlight = probesInFlight.get();
            if (inFlight >= config.permittedProbes()) {
                notPermitted.increment();
                return false;
            }
            if (probesInFlight.compareAndSet(inFlight, inFlight + 1)) {
                return true;
            }
        }
    }

    /** Gives back a permission that was granted but not used. */
    public void releasePermission() {
        if (state.get() == BreakerState.HALF_OPEN) {
            probesInFlight.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        }
    }

    /** Reports a success: ends a run of failures, and closes a half-open breaker. */
    public void onSuccess() {
        if (window != null) {
            window.record(false);
        }
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (state.get() == BreakerState.HALF_OPEN) {
            transition(BreakerState.HALF_OPEN, BreakerState.CLOSED, null);
        }
    }

    /**
     * Reports a failure: opens a half-open breaker again, and opens a closed one when the run of
     * failures or the failure rate reaches its threshold.
     *
     * @param cause what failed, kept for statistics and the transition log
     */
    public void onFailure(Throwable cause) {
        failures.increment();
        lastFailure = cause;
        BreakerState s = state.get();
        if (s == BreakerState.HALF_OPEN) {
            open(BreakerState.HALF_OPEN, cause);
            return;
        }
        if (s == BreakerState.OPEN) {
            return;
        }
        int run = consecutiveFailures.incrementAndGet();
        boolean trip = config.failureThreshold() > 0 && run >= config.failureThreshold();
        if (window != null && window.record(true)) {
            trip = true;
        }
        if (trip) {
            open(BreakerState.CLOSED, cause);
        }
    }

    /** Opens the breaker now, whatever its state, for one open wait (operator action or tests). */
    public void forceOpen(Throwable cause) {
        BreakerState s = state.get();
        if (s != BreakerState.OPEN) {
            open(s, cause);
        }
    }

    private void open(BreakerState from, Throwable cause) {
        // Written before the state so that a reader who sees OPEN never sees an old opening time.
        openedAtNanos = nanoClock.getAsLong();
        if (transition(from, BreakerState.OPEN, cause)) {
            consecutiveFailures.set(0);
            if (window != null) {
                window.clear();
            }
        }
    }

    private boolean transition(BreakerState from, BreakerState to, Throwable cause) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        switch (to) {
            case OPEN: timesOpened.incrementAndGet(); break;
            case HALF_OPEN: timesHalfOpened.incrementAndGet(); break;
            default: timesClosed.incrementAndGet(); break;
        }
        if (listener != null) {
            listener.onTransition(this, from, to, cause);
        }
        return true;
    }

    /** @return a snapshot of the state and counters */
    public BreakerStats stats() {
        Throwable last = lastFailure;
        return new BreakerStats(name, state.get(), consecutiveFailures.get(), failures.sum(), notPermitted.sum(),
                timesOpened.get(), timesHalfOpened.get(), timesClosed.get(), last == null ? null : last.toString());
    }

    @Override
    public String toString() {
        return "CircuitBreaker{" + name + ", " + state.get() + '}';
    }
}
