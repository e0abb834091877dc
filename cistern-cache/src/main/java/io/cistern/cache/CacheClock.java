package io.cistern.cache;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The cache's one source of time. Expiry is measured on the ticker, which is monotonic; the
 * wall-clock time an entry was cached is derived from the same ticker, anchored once, so that a fake
 * ticker in a test moves both together.
 */
final class CacheClock {

    private final LongSupplier ticker;
    private final long anchorNanos;
    private final Instant anchor;

    CacheClock(LongSupplier ticker) {
        this.ticker = ticker;
        this.anchorNanos = ticker.getAsLong();
        this.anchor = Instant.now();
    }

    long nanos() {
        return ticker.getAsLong();
    }

    Instant instantAt(long nanos) {
        return anchor.plusNanos(nanos - anchorNanos);
    }
}
