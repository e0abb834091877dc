/**
 * Retention of a memory store's turns: a time to live per namespace or per session, and the
 * housekeeping that deletes what outlived it in bounded batches, each its own short transaction,
 * with everything that hangs off a turn (edges, search entries, embeddings, cache entries).
 *
 * <p>Not erasure on request: {@code MemoryStore.eraseNamespace} and {@code eraseSession} delete
 * at once whatever the age. Not the scheduler: the store runs {@link
 * io.cistern.memory.retention.Retention#purgeExpired} itself every {@code
 * MemoryStoreConfig.retentionSweep()} (docs/SEARCH.md).
 */
package io.cistern.memory.retention;
