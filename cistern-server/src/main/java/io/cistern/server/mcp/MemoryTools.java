package io.cistern.server.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cistern.memory.graph.Entity;
import io.cistern.memory.graph.GraphPage;
import io.cistern.memory.graph.KnowledgeGraph;
import io.cistern.memory.graph.Observations;
import io.cistern.memory.graph.Relation;
import io.cistern.server.conversation.ConversationException;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The reference memory server's nine tools and its resource on a {@link KnowledgeGraph}: same
 * names, argument schemas, structured results and error texts. {@code read_graph} and
 * {@code search_nodes} return at most {@link KnowledgeGraph#DEFAULT_PAGE} entities (and relations)
 * per call and add {@code nextCursor} when there is more; the next call passes it as {@code cursor}.
 */
final class MemoryTools {

    static final String RESOURCE_URI = "memory://knowledge-graph";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final KnowledgeGraph graph;
    private final Function<McpSyncServerExchange, Caller> callers;
    private final ToolCalls calls;
    private final Runnable graphChanged;

    MemoryTools(KnowledgeGraph graph, Function<McpSyncServerExchange, Caller> callers, ToolCalls calls, Runnable graphChanged) {
        this.graph = graph;
        this.callers = callers;
        this.calls = calls;
        this.graphChanged = graphChanged;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        Map<String, McpSchema.Tool> defs = ToolDefinitions.load("memory-tools.json");
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        specs.add(write(defs, "create_entities", (ns, args) -> Map.of("entities",
                graph.createEntities(ns, list(args, "entities", new TypeReference<List<Entity>>() { })))));
        specs.add(write(defs, "create_relations", (ns, args) -> Map.of("relations",
                graph.createRelations(ns, list(args, "relations", new TypeReference<List<Relation>>() { })))));
        specs.add(write(defs, "add_observations", (ns, args) -> {
            List<Map<String, Object>> given = list(args, "observations", new TypeReference<List<Map<String, Object>>>() { });
            List<Observations> obs = new ArrayList<>();
            for (Map<String, Object> o : given) {
                obs.add(observations(o, "contents"));
            }
            return Map.of("results", graph.addObservations(ns, obs));
        }));
        specs.add(write(defs, "delete_entities", (ns, args) -> {
            graph.deleteEntities(ns, list(args, "entityNames", new TypeReference<List<String>>() { }));
            return done("Entities deleted successfully");
        }));
        specs.add(write(defs, "delete_observations", (ns, args) -> {
            List<Map<String, Object>> given = list(args, "deletions", new TypeReference<List<Map<String, Object>>>() { });
            List<Observations> dels = new ArrayList<>();
            for (Map<String, Object> d : given) {
                dels.add(observations(d, "observations"));
            }
            graph.deleteObservations(ns, dels);
            return done("Observations deleted successfully");
        }));
        specs.add(write(defs, "delete_relations", (ns, args) -> {
            graph.deleteRelations(ns, list(args, "relations", new TypeReference<List<Relation>>() { }));
            return done("Relations deleted successfully");
        }));
        specs.add(read(defs, "read_graph", (ns, args) ->
                page(graph.readGraph(ns, cursor(args), KnowledgeGraph.DEFAULT_PAGE))));
        specs.add(read(defs, "search_nodes", (ns, args) -> page(graph.search(ns,
                requiredString(args, "query"), cursor(args), KnowledgeGraph.DEFAULT_PAGE))));
        specs.add(read(defs, "open_nodes", (ns, args) ->
                page(graph.openNodes(ns, list(args, "names", new TypeReference<List<String>>() { })))));
        return specs;
    }

    McpServerFeatures.SyncResourceSpecification resource() {
        McpSchema.Resource resource = McpSchema.Resource.builder().uri(RESOURCE_URI).name("knowledge-graph")
                .title("Knowledge Graph").description("The full knowledge graph with all entities and relations")
                .mimeType("application/json").build();
        return new McpServerFeatures.SyncResourceSpecification(resource, (exchange, request) -> {
            Caller caller = callers.apply(exchange);
            if (!caller.grant().canRead(caller.namespace())) {
                throw ConversationException.forbidden(forbidden(caller, false));
            }
            String text = pretty(page(graph.readGraph(caller.namespace(), null, KnowledgeGraph.DEFAULT_PAGE)));
            return new McpSchema.ReadResourceResult(List.of(
                    new McpSchema.TextResourceContents(request.uri(), "application/json", text)));
        });
    }

    private McpServerFeatures.SyncToolSpecification write(Map<String, McpSchema.Tool> defs, String name,
                                                          BiFunction<String, Map<String, Object>, Object> body) {
        return spec(defs.get(name), true, body);
    }

    private McpServerFeatures.SyncToolSpecification read(Map<String, McpSchema.Tool> defs, String name,
                                                         BiFunction<String, Map<String, Object>, Object> body) {
        return spec(defs.get(name), false, body);
    }

    private McpServerFeatures.SyncToolSpecification spec(McpSchema.Tool tool, boolean writes,
                                                         BiFunction<String, Map<String, Object>, Object> body) {
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            Caller caller = callers.apply(exchange);
            return calls.call(tool.name(), () -> {
                boolean allowed = writes ? caller.grant().canWrite(caller.namespace()) : caller.grant().canRead(caller.namespace());
                if (!allowed) {
                    throw ConversationException.forbidden(forbidden(caller, writes));
                }
                Object result = body.apply(caller.namespace(), request.arguments() == null ? Map.of() : request.arguments());
                if (writes) {
                    graphChanged.run();
                }
                return McpSchema.CallToolResult.builder().addTextContent(textOf(tool.name(), result))
                        .structuredContent(result).build();
            });
        }).build();
    }

    /** The reference's text: the result as JSON, or for deletions its sentence. */
    private static String textOf(String tool, Object result) {
        if (tool.startsWith("delete_")) {
            return (String) ((Map<?, ?>) result).get("message");
        }
        Map<?, ?> m = (Map<?, ?>) result;
        // the reference prints the array itself for the three creating tools
        Object shown = switch (tool) {
            case "create_entities" -> m.get("entities");
            case "create_relations" -> m.get("relations");
            case "add_observations" -> m.get("results");
            default -> m;
        };
        return pretty(shown);
    }

    private static Map<String, Object> page(GraphPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entities", page.entities());
        m.put("relations", page.relations());
        page.nextCursor().ifPresent(c -> m.put("nextCursor", c));
        return m;
    }

    private static Map<String, Object> done(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("message", message);
        return m;
    }

    private static String forbidden(Caller caller, boolean writes) {
        return "token '" + caller.grant().name() + "' grants " + (writes && caller.grant().canRead(caller.namespace())
                ? "only read access" : "no access") + " to namespace '" + caller.namespace() + "'";
    }

    private static String cursor(Map<String, Object> args) {
        Object c = args.get("cursor");
        if (c != null && !(c instanceof String)) {
            throw new IllegalArgumentException("cursor = " + c + " is not allowed; allowed: a string");
        }
        return (String) c;
    }

    private static Observations observations(Map<String, Object> item, String listField) {
        Object name = item.get("entityName");
        if (!(name instanceof String entityName)) {
            throw new IllegalArgumentException("entityName = " + name + " is not allowed; allowed: a string");
        }
        return new Observations(entityName, list(item, listField, new TypeReference<List<String>>() { }));
    }

    static String requiredString(Map<String, Object> args, String field) {
        Object v = args.get(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(field + " = " + v + " is not allowed; allowed: a string");
        }
        return s;
    }

    private static <T> T list(Map<String, Object> args, String field, TypeReference<T> type) {
        Object v = args.get(field);
        if (!(v instanceof List)) {
            throw new IllegalArgumentException(field + " = " + v + " is not allowed; allowed: an array");
        }
        try {
            return JSON.convertValue(v, type);
        } catch (IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(field + " is not allowed: " + root.getMessage(), e);
        }
    }

    static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tool result as JSON", e);
        }
    }
}
