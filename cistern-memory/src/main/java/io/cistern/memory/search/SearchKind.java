package io.cistern.memory.search;

import io.cistern.memory.model.NodeKind;
import java.util.Arrays;
import java.util.Locale;

/** What a hit is: a turn of a session, or an observation of the knowledge graph. */
public enum SearchKind {
    /** a prompt's text */
    PROMPT,
    /** a response's text */
    RESPONSE,
    /** a tool invocation: the tool's name, its arguments and its result or error */
    TOOL_INVOCATION,
    /** a knowledge-graph observation, with its entity's name */
    OBSERVATION;

    /** @return the name the index stores */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param kind a turn kind
     * @return its search kind
     * @throws IllegalArgumentException if the kind is not a turn (sessions, agents and templates are not indexed)
     */
    public static SearchKind of(NodeKind kind) {
        return switch (kind) {
            case PROMPT -> PROMPT;
            case RESPONSE -> RESPONSE;
            case TOOL_INVOCATION -> TOOL_INVOCATION;
            default -> throw new IllegalArgumentException("node kind " + kind + " is not indexed; allowed: PROMPT, RESPONSE, "
                    + "TOOL_INVOCATION");
        };
    }

    /**
     * @param code a stored name
     * @return its kind
     * @throws IllegalArgumentException naming the code and the allowed ones
     */
    public static SearchKind fromCode(String code) {
        for (SearchKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("search kind '" + code + "' is unknown; allowed: "
                + Arrays.stream(values()).map(SearchKind::code).toList());
    }
}
