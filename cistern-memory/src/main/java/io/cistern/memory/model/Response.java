package io.cistern.memory.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A model's answer to a prompt.
 *
 * @param id the response id
 * @param sessionId the session of its prompt
 * @param promptId the prompt answered
 * @param createdAt when it arrived
 * @param content the text
 * @param usage token usage
 * @param finishReason why generation stopped ({@code stop}, {@code length}, {@code tool_calls}...)
 * @param latencyMillis time from prompt to response
 * @param metadata free-form string metadata (what an integration keeps beside the graph, for
 *     example a framework's own serialization of the message), empty when none
 */
public record Response(String id, String sessionId, String promptId, Instant createdAt, String content,
                       TokenUsage usage, String finishReason, long latencyMillis,
                       Map<String, String> metadata) implements Node {

    /** Checks and normalises the fields. */
    public Response {
        Ids.require(id, "response id");
        Ids.require(sessionId, "session id");
        Ids.require(promptId, "prompt id");
        createdAt = Ids.time(createdAt, "createdAt");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(usage, "usage");
        Ids.require(finishReason, "finishReason");
        Ids.nonNegative(latencyMillis, "latencyMillis");
        metadata = Ids.map(metadata);
    }

    /** A response without metadata. */
    public Response(String id, String sessionId, String promptId, Instant createdAt, String content,
                    TokenUsage usage, String finishReason, long latencyMillis) {
        this(id, sessionId, promptId, createdAt, content, usage, finishReason, latencyMillis, Map.of());
    }

    /** @return a new response to {@code prompt}, arrived now */
    public static Response to(Prompt prompt, String content, TokenUsage usage, String finishReason, long latencyMillis) {
        return new Response(Ids.newId(), prompt.sessionId(), prompt.id(), Instant.now(), content, usage,
                finishReason, latencyMillis);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.RESPONSE;
    }
}
