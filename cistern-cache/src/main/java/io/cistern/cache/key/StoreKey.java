package io.cistern.cache.key;

/**
 * A cache key for one of the store's queries. Each namespace is its own record type, so keys of
 * different namespaces are never equal even when their fields are, and keys are compared field by
 * field rather than through a formatted string (where {@code "a:b" + ":" + "c"} and
 * {@code "a" + ":" + "b:c"} would collide). Equality and hashing cost a few field comparisons.
 */
public sealed interface StoreKey permits SessionKey, NodeKey, EdgeKey, LineageQueryKey, CustomKey {

    /** @return the namespace, for invalidating a whole kind of query at once */
    Namespace namespace();
}
