/**
 * The knowledge graph of the MCP memory tools: named entities with a type and observations, and
 * typed relations between entity names, per namespace, in the memory store's database (migration
 * V3). The semantics are those of the reference MCP memory server
 * ({@code @modelcontextprotocol/server-memory}); unlike its one JSONL file rewritten on every
 * change, every call here is one transaction, so several processes on one SQLite file or one
 * PostgreSQL lose nothing. Reads page.
 *
 * <p>Not the prompt-lineage graph ({@code io.cistern.memory.store}): these entities are facts an
 * agent chose to remember, not the record of its conversations.
 */
package io.cistern.memory.graph;
