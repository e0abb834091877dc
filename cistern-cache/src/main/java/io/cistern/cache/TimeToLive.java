package io.cistern.cache;

import java.time.Duration;
import java.util.Objects;

/** Conversions and checks for times to live, kept in nanoseconds internally. */
final class TimeToLive {

    /** The time to live of an entry that never expires. */
    static final long FOREVER = Long.MAX_VALUE;

    /**
     * Longer times to live are clamped to this (about 146 years), so that the deadlines of any two
     * entries stay comparable by subtraction, which is what keeps {@link System#nanoTime()}
     * wrap-around harmless.
     */
    static final long LONGEST = Long.MAX_VALUE >> 1;

    private TimeToLive() {
    }

    static Duration requirePositive(Duration ttl, String name) {
        Objects.requireNonNull(ttl, name);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + ttl);
        }
        return ttl;
    }

    static long toNanos(Duration ttl) {
        try {
            return Math.min(ttl.toNanos(), LONGEST);
        } catch (ArithmeticException tooLong) {
            return LONGEST;
        }
    }
}
