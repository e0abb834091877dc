/**
 * The store: {@link io.cistern.memory.store.MemoryStore} keeps the lineage graph on SQLite
 * (cistern-sqlite: one writer, optionally with group commit, and read-only readers) or PostgreSQL (a
 * cistern-jdbc pool, or cistern-routing's cluster for several hosts), with Flyway migrations, a
 * concurrency limit on every database operation, cache-aside hot reads invalidated after commit,
 * paged session queries, all-or-nothing {@link io.cistern.memory.store.Batch}es with optimistic
 * session checks, and the durable {@link io.cistern.memory.store.OperationLog} of agent
 * operations. {@link io.cistern.memory.store.MemoryStoreConfig} says where and how hard.
 *
 * <p>Not here: the values themselves ({@code io.cistern.memory.model}); one agent's namespace
 * over the store ({@code io.cistern.memory.agent}); the chat-memory adapters
 * ({@code io.cistern.memory.chat}, on the public API) and the knowledge graph
 * ({@code io.cistern.memory.graph}, on its own tables through {@code StoreAccess}). The SQL classes ({@code GraphSql}, {@code SessionSql}) run on
 * a connection their caller owns and decide no transactions.
 */
package io.cistern.memory.store;
