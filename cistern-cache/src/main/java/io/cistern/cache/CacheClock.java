package io.cistern.cache;

import io.cistern.clock.SampledClock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The cache's one source of time. Expiry is measured on the ticker, which is monotonic; the
 * wall-clock time an entry was cached is derived from the same ticker, anchored once, so that a fake
 * ticker in a test moves both together.
 */
final class CacheClock {

    private final LongSupplier ticker;
    private final LongSupplier stamps;
    private final long anchorNanos;
    private final Instant anchor;

    /** @param ticker the ticker, or {@code null} for {@link System#nanoTime()} */
    CacheClock(LongSupplier ticker) {
        this.ticker = ticker == null ? System::nanoTime : ticker;
        this.stamps = ticker == null ? SampledClock::read : ticker;
        this.anchorNanos = this.ticker.getAsLong();
        this.anchor = Instant.now();
    }

    long nanos() {
        return ticker.getAsLong();
    }

    /**
     * A time to stamp an entry that never expires with: the system ticker as last sampled (up to
     * about a millisecond behind, see {@link SampledClock#read()}), or a supplied ticker exactly.
     */
    long stampNanos() {
        return stamps.getAsLong();
    }

    Instant instantAt(long nanos) {
        return anchor.plusNanos(nanos - anchorNanos);
    }
}
