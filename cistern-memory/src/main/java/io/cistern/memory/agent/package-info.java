/**
 * {@link io.cistern.memory.agent.AgentSession}: one agent's view of a shared
 * {@code MemoryStore}, confined to its own namespace (it writes only to the sessions it
 * started), every write an entry of the store's durable operation log, committed with its
 * writes or logged aborted with the reason.
 *
 * <p>Not an agent framework: it runs no model and plans nothing; it is the memory an agent
 * written elsewhere keeps, over the store's one pool (no connections of its own).
 */
package io.cistern.memory.agent;
