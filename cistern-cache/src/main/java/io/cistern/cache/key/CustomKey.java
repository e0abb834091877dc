package io.cistern.cache.key;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The key of a query the other namespaces do not cover: a namespace name of your choosing and an
 * ordered list of parts. Parts are limited to types whose equality is by value and stable
 * ({@link String}, {@link Long}, {@link Integer}, {@link Short}, {@link Byte}, {@link Boolean},
 * {@link Character}, {@link UUID}, enums and other {@link StoreKey}s), which rules out the classic
 * silent miss of an array or a mutable object as a key part. The hash is computed once.
 */
public final class CustomKey implements StoreKey {

    private final String namespaceName;
    private final List<Object> parts;
    private final int hash;

    private CustomKey(String namespaceName, List<Object> parts) {
        this.namespaceName = namespaceName;
        this.parts = parts;
        this.hash = 31 * namespaceName.hashCode() + parts.hashCode();
    }

    /**
     * @param namespaceName the name of your kind of query, not blank
     * @param parts         the query's parameters, in order
     * @return the key
     * @throws IllegalArgumentException if the name is blank or a part is of a type not listed above
     * @throws NullPointerException     if a part is {@code null}
     */
    public static CustomKey of(String namespaceName, Object... parts) {
        Identifiers.require(namespaceName, "namespaceName");
        Objects.requireNonNull(parts, "parts");
        for (int i = 0; i < parts.length; i++) {
            requireValuePart(parts[i], i);
        }
        return new CustomKey(namespaceName, List.of(Arrays.copyOf(parts, parts.length)));
    }

    private static void requireValuePart(Object part, int index) {
        Objects.requireNonNull(part, () -> "part " + index + " is null");
        if (part instanceof String || part instanceof Long || part instanceof Integer || part instanceof Short
                || part instanceof Byte || part instanceof Boolean || part instanceof Character
                || part instanceof UUID || part instanceof Enum || part instanceof StoreKey) {
            return;
        }
        throw new IllegalArgumentException("part " + index + " is a " + part.getClass().getName()
                + "; allowed are String, Long, Integer, Short, Byte, Boolean, Character, UUID, enums and StoreKeys");
    }

    /** @return the namespace name given to {@link #of} */
    public String namespaceName() {
        return namespaceName;
    }

    /** @return the parts, unmodifiable */
    public List<Object> parts() {
        return parts;
    }

    @Override
    public Namespace namespace() {
        return Namespace.CUSTOM;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomKey
                && hash == ((CustomKey) other).hash
                && namespaceName.equals(((CustomKey) other).namespaceName)
                && parts.equals(((CustomKey) other).parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CustomKey[" + namespaceName + parts + "]";
    }
}
