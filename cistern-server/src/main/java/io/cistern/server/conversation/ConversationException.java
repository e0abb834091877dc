package io.cistern.server.conversation;

/** A request about a conversation that cannot be served; the kind says which status it maps to. */
public final class ConversationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** 404: no such session or node. */
        NOT_FOUND,
        /** 403: the caller's token does not grant it. */
        FORBIDDEN,
        /** 422: an idempotency key reused for another turn. */
        CONFLICT
    }

    private final Kind kind;

    ConversationException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** @return a FORBIDDEN error with this message (for the other front doors' own grant checks) */
    public static ConversationException forbidden(String message) {
        return new ConversationException(Kind.FORBIDDEN, message);
    }

    /** @return why */
    public Kind kind() {
        return kind;
    }
}
