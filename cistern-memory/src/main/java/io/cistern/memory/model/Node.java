package io.cistern.memory.model;

import java.time.Instant;

/**
 * A node of the prompt-lineage graph. Sessions, agents and templates stand alone; prompts,
 * responses and tool invocations belong to a session, where the store gives each one a sequence
 * number in the order they were appended.
 */
public sealed interface Node permits Session, Prompt, Response, ToolInvocation, Agent, PromptTemplate {

    /** @return the node's id, unique across all kinds */
    String id();

    /** @return when the node was created, to the millisecond */
    Instant createdAt();

    /** @return the node's kind */
    NodeKind kind();

    /** @return the session a turn belongs to, or {@code null} for sessions, agents and templates */
    default String sessionId() {
        return null;
    }
}
