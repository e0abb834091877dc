package io.cistern.jdbc.discipline;

import io.cistern.pool.config.NotAllowed;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings a discipline reads beyond HikariCP's ({@code loadBalancing},
 * {@code healthCheckInterval}, {@code sqlite.readers}, ...), as given, with typed reads that
 * fail in the house style: {@code "sqlite.readers = 'x' is not allowed; allowed: a whole number"}.
 * The keys themselves were checked when the configuration was read, so a misspelt one never
 * gets here.
 */
public final class DisciplineSettings {
    private final Map<String, String> values;

    /** @param values key to value as given; copied */
    public DisciplineSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** @return every setting given, key to value */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * @param key the setting
     * @return whether it was given
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * @param key the setting
     * @param fallback the value when it is not given
     * @return its text
     */
    public String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * @param key the setting
     * @param fallback the value when it is not given
     * @return its value as a whole number
     */
    public int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw NotAllowed.setting(key, "'" + v + "'", "a whole number");
        }
    }

    /**
     * @param key the setting
     * @param fallback the value when it is not given
     * @return its value as milliseconds
     */
    public long millis(String key, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw NotAllowed.setting(key, "'" + v + "'", "a whole number of milliseconds");
        }
    }

    /**
     * @param key the setting
     * @param fallback the value when it is not given
     * @return its value as true or false
     */
    public boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw NotAllowed.setting(key, "'" + v + "'", "true or false");
    }

    /**
     * @param key the setting
     * @param type the enum its values are the constants of (matched ignoring case, {@code -} as {@code _})
     * @param fallback the value when it is not given
     * @param <E> the enum
     * @return the constant
     */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        String name = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw NotAllowed.setting(key, "'" + v + "'", "one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")));
    }


    @Override
    public String toString() {
        return values.toString();
    }
}
