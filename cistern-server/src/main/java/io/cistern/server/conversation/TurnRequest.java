package io.cistern.server.conversation;

import java.util.Locale;

/**
 * A turn to append.
 *
 * @param role {@code user} (a prompt) or {@code assistant} (a response)
 * @param content the text
 * @param agent the agent writing it, by name (default {@code client})
 * @param model the model the prompt is for, or that answered (default {@code unspecified})
 * @param promptId for a response: the prompt it answers (default: the session's latest prompt)
 */
public record TurnRequest(String role, String content, String agent, String model, String promptId) {

    /** The longest content. */
    public static final int MAX_CONTENT = 256 * 1024;

    /** Checks the fields, naming the bad one and what is allowed. */
    public TurnRequest {
        role = role == null ? null : role.toLowerCase(Locale.ROOT);
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw new IllegalArgumentException("role = " + (role == null ? "null" : "'" + role + "'")
                    + " is not allowed; allowed: user, assistant");
        }
        if (content == null) {
            throw new IllegalArgumentException("content = null is not allowed; allowed: a string");
        }
        if (content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("content of " + content.length() + " characters is not allowed; allowed: at most "
                    + MAX_CONTENT);
        }
        agent = agent == null || agent.isBlank() ? "client" : agent;
        model = model == null || model.isBlank() ? "unspecified" : model;
    }
}
