package io.cistern.cache;

/**
 * A cached value with the ticker time it was written and how long it may live. Immutable, so a
 * reader that sees a value also sees its own expiry, never a newer one.
 */
record Stamped<V>(V value, long writtenAt, long ttlNanos) {

    boolean expires() {
        return ttlNanos != TimeToLive.FOREVER;
    }

    boolean isExpired(long now) {
        return expires() && now - writtenAt >= ttlNanos;
    }

    /** Only meaningful if {@link #expires()}; compare two deadlines by subtraction, never with {@code <}. */
    long deadline() {
        return writtenAt + ttlNanos;
    }

    long remainingNanos(long now) {
        return expires() ? Math.max(0, ttlNanos - (now - writtenAt)) : Long.MAX_VALUE;
    }
}
