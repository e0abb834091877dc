package io.cistern.memory.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A conversation: the container of prompts, responses and tool invocations.
 *
 * @param id the session id
 * @param namespace the agent namespace the session belongs to ({@code "default"} when none)
 * @param createdAt creation time
 * @param updatedAt time of the last change; the store moves it forward on every append
 * @param metadata free-form string metadata
 * @param tags tags, in order
 */
public record Session(String id, String namespace, Instant createdAt, Instant updatedAt,
                      Map<String, String> metadata, List<String> tags) implements Node {

    /** Checks and normalises the fields. */
    public Session {
        Ids.require(id, "session id");
        Ids.require(namespace, "namespace");
        createdAt = Ids.time(createdAt, "createdAt");
        updatedAt = Ids.time(updatedAt == null ? createdAt : updatedAt, "updatedAt");
        metadata = Ids.map(metadata);
        tags = Ids.list(tags);
    }

    /**
     * @param namespace the owning namespace
     * @param metadata metadata, may be null
     * @param tags tags, may be null
     * @return a new session created now
     */
    public static Session create(String namespace, Map<String, String> metadata, List<String> tags) {
        Instant now = Instant.now();
        return new Session(Ids.newId(), namespace, now, now, metadata, tags);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.SESSION;
    }
}
