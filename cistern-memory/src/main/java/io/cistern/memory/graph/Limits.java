package io.cistern.memory.graph;

import java.util.ArrayList;
import java.util.List;

/** Field limits of the knowledge graph: generous for people, bounded for the database. */
final class Limits {

    /** Names and types. */
    static final int NAME = 1_000;
    /** One observation. */
    static final int OBSERVATION = 100_000;

    private Limits() {
    }

    static String text(String value, String field, int max) {
        if (value == null) {
            throw new IllegalArgumentException(field + " = null is not allowed; allowed: a string");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " of " + value.length()
                    + " characters is not allowed; allowed: at most " + max);
        }
        return value;
    }

    static List<String> texts(List<String> values, String field) {
        if (values == null) {
            throw new IllegalArgumentException(field + "s = null is not allowed; allowed: a list of strings");
        }
        List<String> copy = new ArrayList<>(values.size());
        for (String v : values) {
            copy.add(text(v, field, OBSERVATION));
        }
        return List.copyOf(copy);
    }
}
