package io.cistern.memory.model;

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

    static String newId() {
        return UUID.randomUUID().toString();
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
