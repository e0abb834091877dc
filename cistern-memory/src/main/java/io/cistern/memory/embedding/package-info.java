/**
 * Semantic recall over the memory store: turns embedded by a user-supplied {@link
 * io.cistern.memory.embedding.EmbeddingModel}, one vector per turn in {@code memory_embeddings}
 * (SQLite BLOB of little-endian float32, PostgreSQL {@code real[]}), and an exact top-k search by
 * cosine similarity computed in Java over the rows of one namespace and model.
 *
 * <p>Applications configure it with {@link io.cistern.memory.embedding.EmbeddingSettings} on
 * {@code MemoryStoreConfig.Builder.embedding} and search with {@code MemoryStore.semanticSearch};
 * {@link io.cistern.memory.embedding.SemanticQuery}, {@link io.cistern.memory.embedding.SemanticHit}
 * and {@link io.cistern.memory.embedding.EmbeddingStatistics} are the values they meet.
 * {@link io.cistern.memory.embedding.SemanticIndex} is the store's engine, public only so that the
 * store package can construct it.
 *
 * <p>What this package is not: an approximate index (no HNSW, no IVF: the scan is exact and linear
 * in the namespace's size), a model (none is bundled here; cistern-search adapts LangChain4j's), a
 * full-text search, or a ranking that fuses several signals.
 */
package io.cistern.memory.embedding;
