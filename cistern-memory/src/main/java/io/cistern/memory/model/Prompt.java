package io.cistern.memory.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt sent to a model within a session.
 *
 * @param id the prompt id
 * @param sessionId its session
 * @param createdAt when it was sent
 * @param templateId the template it was rendered from, or {@code null}
 * @param content the text sent
 * @param variables the template variables used, empty when none
 * @param parameters model, temperature, token budget and tools
 * @param metadata free-form string metadata (what an integration keeps beside the graph, for
 *     example a framework's own serialization of the message), empty when none
 */
public record Prompt(String id, String sessionId, Instant createdAt, String templateId, String content,
                     Map<String, String> variables, ModelParameters parameters,
                     Map<String, String> metadata) implements Node {

    /** Checks and normalises the fields. */
    public Prompt {
        Ids.require(id, "prompt id");
        Ids.require(sessionId, "session id");
        createdAt = Ids.time(createdAt, "createdAt");
        Objects.requireNonNull(content, "content");
        variables = Ids.map(variables);
        Objects.requireNonNull(parameters, "parameters");
        metadata = Ids.map(metadata);
    }

    /** A prompt without metadata. */
    public Prompt(String id, String sessionId, Instant createdAt, String templateId, String content,
                  Map<String, String> variables, ModelParameters parameters) {
        this(id, sessionId, createdAt, templateId, content, variables, parameters, Map.of());
    }

    /**
     * @return a new prompt sent now, without template
     */
    public static Prompt create(String sessionId, String content, ModelParameters parameters) {
        return new Prompt(Ids.newId(), sessionId, Instant.now(), null, content, Map.of(), parameters);
    }

    /**
     * @return a new prompt sent now, rendered from {@code template} with {@code variables}
     */
    public static Prompt fromTemplate(String sessionId, PromptTemplate template, Map<String, String> variables,
                                      ModelParameters parameters) {
        return new Prompt(Ids.newId(), sessionId, Instant.now(), template.id(), template.render(variables),
                variables, parameters);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.PROMPT;
    }
}
