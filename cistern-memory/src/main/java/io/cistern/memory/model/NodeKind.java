package io.cistern.memory.model;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of {@link Node}; the lower-case name is what the database stores. */
public enum NodeKind {
    /** {@link Session} */
    SESSION(Session.class),
    /** {@link Prompt} */
    PROMPT(Prompt.class),
    /** {@link Response} */
    RESPONSE(Response.class),
    /** {@link ToolInvocation} */
    TOOL_INVOCATION(ToolInvocation.class),
    /** {@link Agent} */
    AGENT(Agent.class),
    /** {@link PromptTemplate} */
    PROMPT_TEMPLATE(PromptTemplate.class);

    private final Class<? extends Node> type;

    NodeKind(Class<? extends Node> type) {
        this.type = type;
    }

    /** @return the record class of nodes of this kind */
    public Class<? extends Node> type() {
        return type;
    }

    /** @return true for the kinds appended to a session with a sequence number */
    public boolean isTurn() {
        return this == PROMPT || this == RESPONSE || this == TOOL_INVOCATION;
    }

    /** @return the name stored in the database */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param code a stored name
     * @return its kind
     * @throws IllegalArgumentException naming the code and the allowed ones
     */
    public static NodeKind fromCode(String code) {
        for (NodeKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("node kind '" + code + "' is unknown; allowed: "
                + Arrays.stream(values()).map(NodeKind::code).toList());
    }
}
