/**
 * The memory store: a prompt-lineage graph (sessions, prompts, responses, tool invocations,
 * agents, templates and the typed edges between them) and agent sessions with a durable
 * operation log, on SQLite or PostgreSQL through the Cistern pool.
 */
package io.cistern.memory;
