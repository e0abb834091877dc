package io.cistern.memory.store;

import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.model.VariableSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for test graphs. */
final class Fixtures {

    static final ModelParameters PARAMS = new ModelParameters("gpt-4o", 0.3, 1024, List.of("search", "calculator"));

    private Fixtures() {
    }

    static Session session() {
        return Session.create("default", Map.of("user", "ada"), List.of("test"));
    }

    static Prompt prompt(Session s, String text) {
        return Prompt.create(s.id(), text, PARAMS);
    }

    static Prompt promptAt(Session s, String text, Instant at) {
        return new Prompt(java.util.UUID.randomUUID().toString(), s.id(), at, null, text, Map.of(), PARAMS);
    }

    static Response response(Prompt p, String text) {
        return Response.to(p, text, new TokenUsage(12, 30), "stop", 250);
    }

    static ToolInvocation tool(Response r, String name) {
        return ToolInvocation.succeeded(r, name, "{\"q\":\"" + name + "\"}", "{\"ok\":true}", 40, 0);
    }

    static Agent agent(String name) {
        return Agent.create(name, "assistant", List.of("search"), "gpt-4o");
    }

    static PromptTemplate template(String version) {
        return PromptTemplate.create("summarise", version, "Summarise {{topic}} in {{words}} words",
                List.of(new VariableSpec("topic", "what", true, null), new VariableSpec("words", "length", false, "50")));
    }

    /** A prompt, its response with {@code tools} invocations, and the edges that join them, in one batch. */
    static Response turn(MemoryStore store, Session s, Prompt previous, PromptTemplate template, int tools) {
        Prompt p = template == null ? prompt(s, "question")
                : Prompt.fromTemplate(s.id(), template, Map.of("topic", "rivers"), PARAMS);
        Response r = response(p, "answer");
        Batch b = store.batch().add(p).add(r)
                .add(Edge.of(p, s, new EdgeProperties.PartOf("user")))
                .add(Edge.of(r, p, new EdgeProperties.RespondsTo(250)));
        if (previous != null) {
            b.add(Edge.of(p, previous, new EdgeProperties.Follows(10)));
        }
        if (template != null) {
            b.add(Edge.of(p.id(), template.id(), new EdgeProperties.Instantiates(template.version(), Map.of("topic", "rivers"))));
        }
        for (int i = 0; i < tools; i++) {
            ToolInvocation t = tool(r, "tool" + i);
            b.add(t).add(Edge.of(r, t, new EdgeProperties.Invokes(i, true)));
        }
        b.commit();
        return r;
    }
}
