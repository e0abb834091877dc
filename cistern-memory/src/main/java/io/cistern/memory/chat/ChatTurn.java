package io.cistern.memory.chat;

import java.util.List;
import java.util.Objects;

/**
 * What the lineage graph needs to know of a framework message: its role, its text and its tool
 * calls or tool results. The message itself is kept whole beside it, in the framework's own JSON.
 *
 * @param role the role
 * @param text the text (the prompt's or response's content), empty when none
 * @param toolCalls the tool calls an assistant message requests, in order
 * @param toolResults the results a tool message carries, in order
 */
public record ChatTurn(Role role, String text, List<ToolCall> toolCalls, List<ToolResult> toolResults) {

    /** Checks and copies the fields. */
    public ChatTurn {
        Objects.requireNonNull(role, "role");
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        toolResults = toolResults == null ? List.of() : List.copyOf(toolResults);
    }

    /** Who speaks. */
    public enum Role {
        /** instructions to the model: a prompt */
        SYSTEM,
        /** the user: a prompt */
        USER,
        /** the model: a response, with the tool calls it requests */
        ASSISTANT,
        /** the results of tool calls: one tool invocation per result, linked to the requesting response */
        TOOL,
        /** anything else a framework can hold: kept, outside the prompt chain */
        OTHER
    }

    /**
     * A tool call an assistant message requests.
     *
     * @param id the framework's call id (may be null)
     * @param name the tool
     * @param arguments the arguments as the model wrote them (usually JSON)
     */
    public record ToolCall(String id, String name, String arguments) {
    }

    /**
     * A tool's result.
     *
     * @param id the id of the call it answers (may be null)
     * @param name the tool
     * @param text the result as the framework holds it
     * @param error whether the tool failed
     */
    public record ToolResult(String id, String name, String text, boolean error) {
    }
}
