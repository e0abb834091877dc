package io.cistern.memory.embedding;

import io.cistern.memory.model.Node;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.ToolInvocation;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of a turn that its vector stands for: a prompt's or response's content; a tool
 * invocation's name, arguments and result (or error). Sessions, agents and templates are not
 * embedded: a search finds what was said and done, not the configuration around it. A turn without
 * a non-blank text has no vector.
 */
final class NodeText {

    private NodeText() {
    }

    static Optional<String> of(Node node) {
        String text;
        if (node instanceof Prompt p) {
            text = p.content();
        } else if (node instanceof Response r) {
            text = r.content();
        } else if (node instanceof ToolInvocation t) {
            text = t.toolName() + " " + t.parametersJson() + " " + Objects.requireNonNullElse(t.success() ? t.resultJson() : t.error(), "");
        } else {
            return Optional.empty();
        }
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
