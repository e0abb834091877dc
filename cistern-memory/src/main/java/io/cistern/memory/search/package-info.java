/**
 * Full-text search over a memory store: the query ({@link io.cistern.memory.search.SearchQuery},
 * with its small syntax parsed here, in Java), the hits and their pages. The store runs it
 * ({@code MemoryStore.search}) on SQLite FTS5 or a PostgreSQL {@code tsvector} index kept in the
 * same transaction as every write; see docs/SEARCH.md.
 *
 * <p>Not the index itself (the store's migration V4 and its SQL), not semantic search or ranking
 * fusion (other packages and modules).
 */
package io.cistern.memory.search;
