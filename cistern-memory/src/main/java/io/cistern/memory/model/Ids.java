package io.cistern.memory.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Checks shared by the model's records. */
final class Ids {

    private Ids() {
    }

    /** The same source of randomness as {@link UUID#randomUUID()}. */
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A time-ordered UUID (version 7, RFC 9562): 48 bits of milliseconds since the epoch, then 74
     * random bits. Ids made later sort after earlier ones, so the primary-key and foreign-key
     * indexes of nodes and edges (and of the full-text entries) take new ids at their right edge,
     * in the pages the last writes touched, rather than in a random leaf each: a turn's commit
     * writes fewer pages. As unique as a random UUID within one millisecond (74 random bits
     * against 122) and, across milliseconds, by the time.
     */
    static String newId() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0fL) << 8) | (random[1] & 0xffL);
        long low = 0x8000000000000000L | ((random[2] & 0x3fL) << 56);
        for (int i = 3; i < 10; i++) {
            low |= (random[i] & 0xffL) << (8 * (9 - i));
        }
        return new UUID(high, low).toString();
    }

    static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " = " + (value == null ? "null" : "'" + value + "'")
                    + " is not allowed; allowed: a non-blank string");
        }
        if (value.length() > 200) {
            throw new IllegalArgumentException(name + " of " + value.length()
                    + " characters is not allowed; allowed: at most 200");
        }
        return value;
    }

    /** The database keeps milliseconds; truncating here makes a stored node equal to the one read back. */
    static Instant time(Instant value, String name) {
        Objects.requireNonNull(value, name);
        return value.truncatedTo(ChronoUnit.MILLIS);
    }

    static <K, V> Map<K, V> map(Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + " is not allowed; allowed: zero or more");
        }
        return value;
    }
}
