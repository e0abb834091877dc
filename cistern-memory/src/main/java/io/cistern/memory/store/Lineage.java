package io.cistern.memory.store;

import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.ToolInvocation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a response came from, following the graph's edges. A lineage of depth {@code d} holds at
 * most {@code d} prompts (the response's own and {@code d - 1} before it) and at most {@code d}
 * templates.
 *
 * @param response the response
 * @param prompt the prompt it responds to ({@code RESPONDS_TO}), or null if that edge is missing
 * @param earlierPrompts the prompts before it, newest first ({@code FOLLOWS})
 * @param templates the template the prompt instantiates, then its ancestors ({@code INSTANTIATES},
 *     then {@code INHERITS})
 * @param tools the tool invocations the response made ({@code INVOKES}), in call order
 */
public record Lineage(Response response, Prompt prompt, List<Prompt> earlierPrompts,
                      List<PromptTemplate> templates, List<ToolInvocation> tools) {

    /** Copies the lists. */
    public Lineage {
        earlierPrompts = List.copyOf(earlierPrompts);
        templates = List.copyOf(templates);
        tools = List.copyOf(tools);
    }

    /** @return the ids of every node in this lineage, the response's included */
    public Set<String> nodeIds() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(response.id());
        if (prompt != null) {
            ids.add(prompt.id());
        }
        earlierPrompts.forEach(p -> ids.add(p.id()));
        templates.forEach(t -> ids.add(t.id()));
        tools.forEach(t -> ids.add(t.id()));
        return ids;
    }
}
