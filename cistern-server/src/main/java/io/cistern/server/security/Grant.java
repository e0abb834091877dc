package io.cistern.server.security;

import java.util.Map;
import java.util.Objects;

/**
 * What one token may do: per namespace, read or read-write; {@code *} stands for every namespace.
 *
 * @param name the token's name, for logs and metrics (never the token)
 * @param namespaces per namespace, the access granted
 */
public record Grant(String name, Map<String, Access> namespaces) {

    /** Read, or read and write. */
    public enum Access { READ, READ_WRITE }

    /** Everything: the grant of every caller when the server runs without a token file. */
    public static final Grant EVERYTHING = new Grant("anonymous", Map.of("*", Access.READ_WRITE));

    /** Copies the map. */
    public Grant {
        Objects.requireNonNull(name, "name");
        namespaces = Map.copyOf(namespaces);
    }

    /** @return whether this grant may read {@code namespace} */
    public boolean canRead(String namespace) {
        return namespaces.containsKey(namespace) || namespaces.containsKey("*");
    }

    /** @return whether this grant may write {@code namespace} */
    public boolean canWrite(String namespace) {
        return namespaces.get(namespace) == Access.READ_WRITE || namespaces.get("*") == Access.READ_WRITE;
    }
}
