package io.cistern.memory.embedding;

import io.cistern.memory.model.NodeKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A semantic search: the namespace (required, matched exactly: {@code "acme"} never finds
 * {@code "acme-evil"}, and {@code "acme%"} is just a name), a query text (embedded with the store's
 * model) or a query vector (of the model's dimensions), how many hits, and optional session and
 * node-kind filters. Immutable; the {@code in...}/{@code kinds} methods return changed copies.
 *
 * <pre>{@code
 * store.semanticSearch(SemanticQuery.text("acme", "rivers in spring", 10).kinds(NodeKind.RESPONSE));
 * }</pre>
 */
public final class SemanticQuery {

    /** The most hits one search returns. */
    public static final int MAX_K = 1_000;

    private final String namespace;
    private final String text;
    private final float[] vector;
    private final int k;
    private final String sessionId;
    private final Set<NodeKind> kinds;

    private SemanticQuery(String namespace, String text, float[] vector, int k, String sessionId, Set<NodeKind> kinds) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace = '' is not allowed; allowed: the exact name of a namespace");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k = " + k + " is not allowed; allowed: 1 to " + MAX_K);
        }
        this.namespace = namespace;
        this.text = text;
        this.vector = vector;
        this.k = k;
        this.sessionId = sessionId;
        this.kinds = kinds;
    }

    /**
     * @param namespace the exact namespace
     * @param text what to look for, embedded with the store's model
     * @param k hits wanted, 1 to {@value #MAX_K}
     * @return the query
     */
    public static SemanticQuery text(String namespace, String text, int k) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("query text = '" + text + "' is not allowed; allowed: text with a non-blank character");
        }
        return new SemanticQuery(namespace, text, null, k, null, Set.of());
    }

    /**
     * @param namespace the exact namespace
     * @param vector a vector of the store's model (its length is checked at search), copied
     * @param k hits wanted, 1 to {@value #MAX_K}
     * @return the query
     */
    public static SemanticQuery vector(String namespace, float[] vector, int k) {
        Objects.requireNonNull(vector, "vector");
        return new SemanticQuery(namespace, null, vector.clone(), k, null, Set.of());
    }

    /** @param session only turns of this session @return a changed copy */
    public SemanticQuery inSession(String session) {
        Objects.requireNonNull(session, "session");
        return new SemanticQuery(namespace, text, vector, k, session, kinds);
    }

    /**
     * @param wanted only turns of these kinds; none means every turn
     * @return a changed copy
     * @throws IllegalArgumentException for a kind that is not a turn (only turns are embedded)
     */
    public SemanticQuery kinds(NodeKind... wanted) {
        Set<NodeKind> set = wanted.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(wanted));
        for (NodeKind kind : set) {
            if (!kind.isTurn()) {
                throw new IllegalArgumentException("kind " + kind.code() + " is not allowed; allowed: prompt, response, "
                        + "tool_invocation (only turns are embedded)");
            }
        }
        return new SemanticQuery(namespace, text, vector, k, sessionId, Set.copyOf(set));
    }

    /** @return the exact namespace */
    public String namespace() { return namespace; }

    /** @return the query text, empty for a vector query */
    public Optional<String> text() { return Optional.ofNullable(text); }

    /** @return a copy of the query vector, empty for a text query */
    public Optional<float[]> vector() { return Optional.ofNullable(vector).map(float[]::clone); }

    /** @return hits wanted */
    public int k() { return k; }

    /** @return the session filter, empty for the whole namespace */
    public Optional<String> sessionId() { return Optional.ofNullable(sessionId); }

    /** @return the kind filter, empty for every turn */
    public Set<NodeKind> kinds() { return kinds; }

    float[] vectorUncopied() { return vector; }

    @Override
    public String toString() {
        return "SemanticQuery[namespace=" + namespace + (text != null ? ", text" : ", vector[" + vector.length + "]")
                + ", k=" + k + (sessionId != null ? ", session=" + sessionId : "") + (kinds.isEmpty() ? "" : ", kinds=" + kinds) + "]";
    }
}
