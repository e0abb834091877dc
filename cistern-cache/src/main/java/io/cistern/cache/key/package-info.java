/**
 * Typed cache keys for the store's queries: one record per namespace, so keys of different kinds
 * never collide. Use them as the key type of a {@link io.cistern.cache.QueryCache}, e.g.
 * {@code QueryCache<StoreKey, Result>}, and invalidate by kind with
 * {@code cache.invalidateMatching(key -> key.namespace() == Namespace.SESSION)}.
 */
package io.cistern.cache.key;
