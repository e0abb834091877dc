package io.cistern.memory.search;

/** A search text that the query syntax does not allow; the message names the bad part and what is allowed. */
public final class SearchSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SearchSyntaxException(String text, int position, String problem) {
        super("search text '" + text + "' is not allowed: " + problem + " at position " + (position + 1) + "; allowed: "
                + ParsedQuery.SYNTAX);
    }
}
