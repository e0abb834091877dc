package io.cistern.cache.key;

/** The kinds of {@link StoreKey}. */
public enum Namespace {
    /** {@link SessionKey} */
    SESSION,
    /** {@link NodeKey} */
    NODE,
    /** {@link EdgeKey} */
    EDGE,
    /** {@link LineageQueryKey} */
    LINEAGE_QUERY,
    /** {@link CustomKey} */
    CUSTOM
}
