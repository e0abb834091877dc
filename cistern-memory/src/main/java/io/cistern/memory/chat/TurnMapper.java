package io.cistern.memory.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionEntry;
import io.cistern.memory.store.SessionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns new messages into nodes and edges of the lineage graph: a system or user message is a
 * prompt ({@code FOLLOWS} the previous prompt), an assistant message a response ({@code RESPONDS_TO}
 * the latest prompt), each tool result a tool invocation the requesting response {@code INVOKES}.
 * The message's own JSON goes into the first node's metadata; a tool message with several results
 * gets one more invocation per result, marked as a part.
 */
final class TurnMapper<M> {

    static final String ADAPTER = "cistern.chat.adapter";
    static final String ROLE = "cistern.chat.role";
    static final String MESSAGE = "cistern.chat.message";
    static final String PART = "cistern.chat.part";

    /**
     * A chat memory does not see the model call, so its prompts carry these parameters: the graph
     * requires them, and they say plainly that nothing is known.
     */
    static final ModelParameters UNKNOWN_MODEL = new ModelParameters("unknown", 0, 1, List.of());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME = 200;

    private final MemoryStore store;
    private final ChatCodec<M> codec;

    TurnMapper(MemoryStore store, ChatCodec<M> codec) {
        this.store = store;
        this.codec = codec;
    }

    /** A new message and the node that carries it. */
    record Written<M>(Node head, M message, String json, ChatTurn turn) {
    }

    /**
     * Adds the nodes and edges of {@code fresh} to {@code batch}.
     *
     * @param view the messages already in the view, in order: where the latest prompt and the
     *     requesting responses are looked up first
     * @return the head node of each new message, in order
     */
    List<Written<M>> add(Batch batch, String sessionId, List<ChatLog.Entry<M>> view, List<M> fresh) {
        Instant now = Instant.now();
        Context context = new Context(sessionId, view);
        List<Written<M>> out = new ArrayList<>(fresh.size());
        for (M message : fresh) {
            String json = codec.toJson(message);
            ChatTurn turn = codec.describe(message);
            Map<String, String> meta = new HashMap<>();
            meta.put(ADAPTER, codec.name());
            meta.put(ROLE, turn.role().name().toLowerCase(java.util.Locale.ROOT));
            meta.put(MESSAGE, json);
            Node head = switch (turn.role()) {
                case SYSTEM, USER -> {
                    Prompt p = new Prompt(newId(), sessionId, now, null, turn.text(), Map.of(), UNKNOWN_MODEL, meta);
                    batch.add(p);
                    Prompt previous = context.prompt();
                    if (previous != null) {
                        batch.add(Edge.of(p.id(), previous.id(),
                                new EdgeProperties.Follows(Math.max(0, now.toEpochMilli() - previous.createdAt().toEpochMilli()))));
                    }
                    context.prompt = p;
                    yield p;
                }
                case ASSISTANT -> {
                    Prompt prompt = context.prompt();
                    Response r = new Response(newId(), sessionId, prompt == null ? sessionId : prompt.id(), now, turn.text(),
                            new TokenUsage(0, 0), turn.toolCalls().isEmpty() ? "stop" : "tool_calls", 0, meta);
                    batch.add(r);
                    if (prompt != null) {
                        batch.add(Edge.of(r.id(), prompt.id(), new EdgeProperties.RespondsTo(0)));
                    }
                    context.responses.add(new Requester(r, turn.toolCalls()));
                    yield r;
                }
                case TOOL -> {
                    if (turn.toolResults().isEmpty()) {
                        Prompt p = new Prompt(newId(), sessionId, now, null, "", Map.of(), UNKNOWN_MODEL, meta);
                        batch.add(p);
                        yield p;
                    }
                    Node first = null;
                    for (ChatTurn.ToolResult result : turn.toolResults()) {
                        Map<String, String> own = first == null ? meta : Map.of(ADAPTER, codec.name(), ROLE, "tool", PART, "true");
                        ToolInvocation t = invocation(sessionId, now, context, result, own, batch);
                        first = first == null ? t : first;
                    }
                    yield first;
                }
                case OTHER -> {
                    Prompt p = new Prompt(newId(), sessionId, now, null, turn.text(), Map.of(), UNKNOWN_MODEL, meta);
                    batch.add(p);
                    yield p;
                }
            };
            out.add(new Written<>(head, message, json, turn));
        }
        return out;
    }

    private ToolInvocation invocation(String sessionId, Instant now, Context context, ChatTurn.ToolResult result,
                                      Map<String, String> meta, Batch batch) {
        Requester requester = context.requester(result.id());
        ChatTurn.ToolCall call = requester == null ? null : requester.call(result.id());
        String name = result.name() != null && !result.name().isBlank() ? result.name()
                : call != null && call.name() != null && !call.name().isBlank() ? call.name() : "unknown";
        String responseId = requester == null ? sessionId : requester.response.id();
        String text = result.text() == null ? "" : result.text();
        ToolInvocation t = new ToolInvocation(newId(), sessionId, responseId, now, clip(name),
                call == null ? "{}" : asJson(call.arguments()), result.error() ? null : asJson(text),
                result.error() ? text : null, 0, !result.error(), 0, meta);
        batch.add(t);
        if (requester != null) {
            batch.add(Edge.of(requester.response.id(), t.id(),
                    new EdgeProperties.Invokes(Math.max(0, requester.calls.indexOf(call)), true)));
        }
        return t;
    }

    private static String clip(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** Tool arguments and results are kept as JSON in the graph: as they are when they are JSON, as a JSON string otherwise. */
    static String asJson(String text) {
        if (text == null || text.isBlank()) {
            return "{}";
        }
        try {
            JSON.readTree(text);
            return text;
        } catch (JsonProcessingException notJson) {
            try {
                return JSON.writeValueAsString(text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a string cannot be written as JSON", e);
            }
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A response of the conversation and the tool calls it requested. */
    private record Requester(Response response, List<ChatTurn.ToolCall> calls) {
        ChatTurn.ToolCall call(String id) {
            for (ChatTurn.ToolCall c : calls) {
                if (c.id() != null && c.id().equals(id)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * The latest prompt and the requesting responses, found in the new messages first, then in the
     * view (newest first), then, for a prompt the window dropped, among the session's latest
     * stored prompts (one query, only then).
     */
    private final class Context {
        private final String sessionId;
        private final List<ChatLog.Entry<M>> view;
        private final List<Requester> responses = new ArrayList<>();
        private Prompt prompt;
        private boolean promptLookedUp;

        Context(String sessionId, List<ChatLog.Entry<M>> view) {
            this.sessionId = sessionId;
            this.view = view;
        }

        Prompt prompt() {
            if (prompt != null || promptLookedUp) {
                return prompt;
            }
            promptLookedUp = true;
            for (int i = view.size() - 1; i >= 0 && prompt == null; i--) {
                ChatLog.Entry<M> e = view.get(i);
                if (isPrompt(e.turn()) && e.node() instanceof Prompt p) {
                    prompt = p;
                }
            }
            if (prompt == null) {
                for (SessionEntry e : store.sessionNodes(SessionQuery.of(sessionId).kinds(NodeKind.PROMPT).limit(20)).items()) {
                    Prompt p = (Prompt) e.node();
                    String role = p.metadata().get(ROLE);
                    if ("user".equals(role) || "system".equals(role)) {
                        prompt = p;
                        break;
                    }
                }
            }
            return prompt;
        }

        Requester requester(String callId) {
            for (int i = responses.size() - 1; i >= 0; i--) {
                if (responses.get(i).call(callId) != null) {
                    return responses.get(i);
                }
            }
            for (int i = view.size() - 1; i >= 0; i--) {
                ChatLog.Entry<M> e = view.get(i);
                if (e.turn().role() == ChatTurn.Role.ASSISTANT
                        && e.turn().toolCalls().stream().anyMatch(c -> c.id() != null && c.id().equals(callId))) {
                    if (e.node() instanceof Response r) {
                        Requester found = new Requester(r, e.turn().toolCalls());
                        responses.add(0, found);
                        return found;
                    }
                }
            }
            return null;
        }
    }

    private static boolean isPrompt(ChatTurn turn) {
        return turn.role() == ChatTurn.Role.USER || turn.role() == ChatTurn.Role.SYSTEM;
    }
}
