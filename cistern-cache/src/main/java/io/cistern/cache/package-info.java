/**
 * A bounded cache of query results: {@link io.cistern.cache.QueryCache}, built by
 * {@link io.cistern.cache.QueryCacheBuilder}, with a choice of {@link io.cistern.cache.EvictionPolicy}.
 * Keys for the store's own queries are in {@link io.cistern.cache.key}.
 */
package io.cistern.cache;
