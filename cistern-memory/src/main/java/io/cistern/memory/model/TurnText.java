package io.cistern.memory.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The text a turn is recalled by, the same for the full-text index and for its embedding: a
 * prompt's or response's content; a tool invocation's name, arguments and result (its error when
 * it failed). Sessions, agents and templates have none: recall finds what was said and done, not
 * the configuration around it. A turn whose text is blank has none either, so neither index holds
 * an entry that nothing can match.
 */
public final class TurnText {

    private TurnText() {
    }

    /**
     * @param node any node
     * @return its recall text, or empty for a node that is not a turn or whose text is blank
     */
    public static Optional<String> of(Node node) {
        String text;
        if (node instanceof Prompt p) {
            text = p.content();
        } else if (node instanceof Response r) {
            text = r.content();
        } else if (node instanceof ToolInvocation t) {
            text = t.toolName() + " " + t.parametersJson() + " "
                    + Objects.requireNonNullElse(t.success() ? t.resultJson() : t.error(), "");
        } else {
            return Optional.empty();
        }
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
