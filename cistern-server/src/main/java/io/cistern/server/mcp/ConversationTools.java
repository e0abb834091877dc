package io.cistern.server.mcp;

import io.cistern.memory.model.Session;
import io.cistern.server.conversation.Conversations;
import io.cistern.server.conversation.Turn;
import io.cistern.server.conversation.TurnRequest;
import io.cistern.server.conversation.Views;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Conversation tools over the lineage graph, on {@link Conversations}, in the connection's namespace. */
final class ConversationTools {

    private final Conversations conversations;
    private final Function<McpSyncServerExchange, Caller> callers;
    private final ToolCalls calls;

    ConversationTools(Conversations conversations, Function<McpSyncServerExchange, Caller> callers, ToolCalls calls) {
        this.conversations = conversations;
        this.callers = callers;
        this.calls = calls;
    }

    List<McpServerFeatures.SyncToolSpecification> tools() {
        Map<String, McpSchema.Tool> defs = ToolDefinitions.load("conversation-tools.json");
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        specs.add(spec(defs.get("start_session"), (caller, args) -> {
            Session s = conversations.startSession(caller.grant(), caller.namespace(), optionalString(args, "agent"),
                    stringMap(args.get("metadata")), stringList(args.get("tags")));
            return Views.session(s);
        }));
        specs.add(spec(defs.get("append_turn"), (caller, args) -> {
            TurnRequest request = new TurnRequest(optionalString(args, "role"), optionalString(args, "content"),
                    optionalString(args, "agent"), optionalString(args, "model"), optionalString(args, "promptId"));
            Conversations.Appended a = conversations.append(caller.grant(), MemoryTools.requiredString(args, "sessionId"),
                    request, optionalString(args, "idempotencyKey"));
            Map<String, Object> m = new LinkedHashMap<>(a.turn().toMap());
            m.put("replayed", a.replayed());
            return m;
        }));
        specs.add(spec(defs.get("recent_turns"), (caller, args) -> {
            String sessionId = MemoryTools.requiredString(args, "sessionId");
            int limit = intArg(args, "limit", 20);
            Map<String, Object> m = new LinkedHashMap<>();
            if (args.get("after") != null) {
                Conversations.TurnPage page = conversations.turns(caller.grant(), sessionId, intArg(args, "after", 0), limit);
                m.put("turns", page.turns().stream().map(Turn::toMap).toList());
                if (page.nextAfter() != null) {
                    m.put("nextAfter", page.nextAfter());
                }
            } else {
                m.put("turns", conversations.recentTurns(caller.grant(), sessionId, limit).stream().map(Turn::toMap).toList());
            }
            return m;
        }));
        specs.add(spec(defs.get("response_lineage"), (caller, args) -> Views.lineage(conversations.lineage(caller.grant(),
                MemoryTools.requiredString(args, "responseId"), intArg(args, "depth", 8)))));
        specs.add(spec(defs.get("operation_log"), (caller, args) -> Map.of("operations", conversations.operations(
                caller.grant(), caller.namespace(), optionalString(args, "agent"), optionalString(args, "sessionId"),
                intArg(args, "limit", 50)).stream().map(Views::operation).toList())));
        return specs;
    }

    private McpServerFeatures.SyncToolSpecification spec(McpSchema.Tool tool,
                                                         BiFunction<Caller, Map<String, Object>, Map<String, Object>> body) {
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            Caller caller = callers.apply(exchange);
            return calls.call(tool.name(), () -> {
                Map<String, Object> result = body.apply(caller, request.arguments() == null ? Map.of() : request.arguments());
                return McpSchema.CallToolResult.builder().addTextContent(MemoryTools.pretty(result))
                        .structuredContent(result).build();
            });
        }).build();
    }

    private static String optionalString(Map<String, Object> args, String field) {
        Object v = args.get(field);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(field + " = " + v + " is not allowed; allowed: a string");
        }
        return (String) v;
    }

    private static int intArg(Map<String, Object> args, String field, int fallback) {
        Object v = args.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException(field + " = " + v + " is not allowed; allowed: an integer");
    }

    private static Map<String, String> stringMap(Object v) {
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
            return out;
        }
        throw new IllegalArgumentException("metadata = " + v + " is not allowed; allowed: an object of strings");
    }

    private static List<String> stringList(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException("tags = " + v + " is not allowed; allowed: an array of strings");
    }
}
