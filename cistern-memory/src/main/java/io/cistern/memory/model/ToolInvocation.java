package io.cistern.memory.model;

import java.time.Instant;
import java.util.Map;

/**
 * A tool call made while producing a response.
 *
 * @param id the invocation id
 * @param sessionId the session of its response
 * @param responseId the response that invoked the tool
 * @param createdAt when the call started
 * @param toolName the tool
 * @param parametersJson the call's parameters, JSON text
 * @param resultJson the result, JSON text, {@code null} when it failed
 * @param error the error message, {@code null} when it succeeded
 * @param durationMillis how long the call took
 * @param success whether it succeeded
 * @param retryCount how many retries it needed
 * @param metadata free-form string metadata (what an integration keeps beside the graph, for
 *     example a framework's own serialization of the message), empty when none
 */
public record ToolInvocation(String id, String sessionId, String responseId, Instant createdAt, String toolName,
                             String parametersJson, String resultJson, String error, long durationMillis,
                             boolean success, int retryCount, Map<String, String> metadata) implements Node {

    /** Checks and normalises the fields. */
    public ToolInvocation {
        Ids.require(id, "tool invocation id");
        Ids.require(sessionId, "session id");
        Ids.require(responseId, "response id");
        createdAt = Ids.time(createdAt, "createdAt");
        Ids.require(toolName, "toolName");
        parametersJson = JsonText.require(parametersJson == null ? "{}" : parametersJson, "parametersJson");
        resultJson = JsonText.require(resultJson, "resultJson");
        Ids.nonNegative(durationMillis, "durationMillis");
        Ids.nonNegative(retryCount, "retryCount");
        if (success && error != null) {
            throw new IllegalArgumentException("error = '" + error + "' is not allowed on a successful invocation; allowed: null");
        }
        metadata = Ids.map(metadata);
    }

    /** An invocation without metadata. */
    public ToolInvocation(String id, String sessionId, String responseId, Instant createdAt, String toolName,
                          String parametersJson, String resultJson, String error, long durationMillis,
                          boolean success, int retryCount) {
        this(id, sessionId, responseId, createdAt, toolName, parametersJson, resultJson, error, durationMillis,
                success, retryCount, Map.of());
    }

    /** @return a successful invocation by {@code response}, started now */
    public static ToolInvocation succeeded(Response response, String toolName, String parametersJson,
                                           String resultJson, long durationMillis, int retryCount) {
        return new ToolInvocation(Ids.newId(), response.sessionId(), response.id(), Instant.now(), toolName,
                parametersJson, resultJson, null, durationMillis, true, retryCount);
    }

    /** @return a failed invocation by {@code response}, started now */
    public static ToolInvocation failed(Response response, String toolName, String parametersJson,
                                        String error, long durationMillis, int retryCount) {
        return new ToolInvocation(Ids.newId(), response.sessionId(), response.id(), Instant.now(), toolName,
                parametersJson, null, error, durationMillis, false, retryCount);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.TOOL_INVOCATION;
    }
}
