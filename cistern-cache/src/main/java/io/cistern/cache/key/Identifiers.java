package io.cistern.cache.key;

import java.util.Objects;

/** The one rule for the identifiers in keys: present and not blank. */
final class Identifiers {

    private Identifiers() {
    }

    static String require(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was \"" + value + "\"");
        }
        return value;
    }
}
