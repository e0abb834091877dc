/**
 * The prompt-lineage graph as immutable values: the {@link io.cistern.memory.model.Node} kinds
 * (sessions, prompts, responses, tool invocations, agents, prompt templates) and the typed
 * {@link io.cistern.memory.model.Edge}s between them, whose
 * {@link io.cistern.memory.model.EdgeProperties} record decides the kind. Each record checks its
 * own fields when made (ids, JSON text, ranges), so a bad value fails before it reaches a
 * database.
 *
 * <p>Not here: storing or reading them (sequence numbers, JSON encoding and SQL are
 * {@code io.cistern.memory.store}'s), and no behaviour beyond validation.
 */
package io.cistern.memory.model;
