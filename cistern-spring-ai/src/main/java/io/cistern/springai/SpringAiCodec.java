package io.cistern.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cistern.memory.chat.ChatCodec;
import io.cistern.memory.chat.ChatTurn;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeType;

/**
 * Spring AI's messages as JSON. Spring AI has no serializer of its own for them, so this one
 * writes every field the four message types carry: text, metadata (typed, so that a long stays a
 * long), media (URI, bytes or text data, MIME type, id, name), an assistant's tool calls and a
 * tool message's responses. Metadata values other than strings, numbers, booleans, enums, lists
 * and maps of those are kept as their {@code toString()}.
 */
final class SpringAiCodec implements ChatCodec<Message> {

    static final String NAME = "spring-ai";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toJson(Message message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", message.getMessageType().name());
        if (message.getText() != null) {
            o.put("text", message.getText());
        }
        ObjectNode meta = o.putObject("metadata");
        for (Map.Entry<String, Object> e : message.getMetadata().entrySet()) {
            if (!AbstractMessage.MESSAGE_TYPE.equals(e.getKey())) { // every constructor puts it back
                meta.set(e.getKey(), value(e.getValue()));
            }
        }
        if (message instanceof UserMessage u) {
            media(o, u.getMedia());
        } else if (message instanceof AssistantMessage a) {
            media(o, a.getMedia());
            ArrayNode calls = o.putArray("toolCalls");
            for (AssistantMessage.ToolCall c : a.getToolCalls()) {
                calls.addObject().put("id", c.id()).put("type", c.type()).put("name", c.name()).put("arguments", c.arguments());
            }
        } else if (message instanceof ToolResponseMessage t) {
            ArrayNode responses = o.putArray("responses");
            for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                responses.addObject().put("id", r.id()).put("name", r.name()).put("responseData", r.responseData());
            }
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Spring AI message cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Message fromJson(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored Spring AI message is not JSON: " + e.getOriginalMessage(), e);
        }
        String text = o.hasNonNull("text") ? o.get("text").asText() : null;
        Map<String, Object> metadata = new LinkedHashMap<>();
        o.get("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), unvalue(e.getValue())));
        MessageType type = MessageType.valueOf(o.get("type").asText());
        return switch (type) {
            case USER -> UserMessage.builder().text(text).media(media(o)).metadata(metadata).build();
            case SYSTEM -> SystemMessage.builder().text(text).metadata(metadata).build();
            case ASSISTANT -> {
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                for (JsonNode c : o.get("toolCalls")) {
                    calls.add(new AssistantMessage.ToolCall(str(c, "id"), str(c, "type"), str(c, "name"), str(c, "arguments")));
                }
                yield AssistantMessage.builder().content(text).properties(metadata).toolCalls(calls).media(media(o)).build();
            }
            case TOOL -> {
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                for (JsonNode r : o.get("responses")) {
                    responses.add(new ToolResponseMessage.ToolResponse(str(r, "id"), str(r, "name"), str(r, "responseData")));
                }
                yield ToolResponseMessage.builder().responses(responses).metadata(metadata).build();
            }
        };
    }

    @Override
    public ChatTurn describe(Message message) {
        if (message instanceof SystemMessage) {
            return new ChatTurn(ChatTurn.Role.SYSTEM, message.getText(), null, null);
        }
        if (message instanceof UserMessage) {
            return new ChatTurn(ChatTurn.Role.USER, message.getText(), null, null);
        }
        if (message instanceof AssistantMessage a) {
            List<ChatTurn.ToolCall> calls = new ArrayList<>();
            a.getToolCalls().forEach(c -> calls.add(new ChatTurn.ToolCall(c.id(), c.name(), c.arguments())));
            return new ChatTurn(ChatTurn.Role.ASSISTANT, a.getText(), calls, null);
        }
        if (message instanceof ToolResponseMessage t) {
            List<ChatTurn.ToolResult> results = new ArrayList<>();
            t.getResponses().forEach(r -> results.add(new ChatTurn.ToolResult(r.id(), r.name(), r.responseData(), false)));
            return new ChatTurn(ChatTurn.Role.TOOL, null, null, results);
        }
        return new ChatTurn(ChatTurn.Role.OTHER, message.getText(), null, null);
    }

    private static String str(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }

    private static void media(ObjectNode o, List<Media> media) {
        ArrayNode out = o.putArray("media");
        for (Media m : media) {
            ObjectNode n = out.addObject();
            n.put("mimeType", m.getMimeType().toString());
            if (m.getId() != null) {
                n.put("id", m.getId());
            }
            n.put("name", m.getName());
            Object data = m.getData();
            if (data instanceof byte[] bytes) {
                n.put("bytes", Base64.getEncoder().encodeToString(bytes));
            } else if (data instanceof URI uri) {
                n.put("uri", uri.toString());
            } else {
                n.put("text", String.valueOf(data));
            }
        }
    }

    private static List<Media> media(JsonNode o) {
        List<Media> out = new ArrayList<>();
        for (JsonNode n : o.get("media")) {
            Media.Builder b = Media.builder().mimeType(MimeType.valueOf(n.get("mimeType").asText()));
            if (n.has("bytes")) {
                // data(Resource) keeps the resource's bytes, on 1.1 and 2.0 alike (1.1's data(Object) is gone in 2.0).
                b.data(new ByteArrayResource(Base64.getDecoder().decode(n.get("bytes").asText())));
            } else if (n.has("uri")) {
                b.data(URI.create(n.get("uri").asText()));
            } else {
                textData(b, n.get("text").asText());
            }
            if (n.has("id")) {
                b.id(n.get("id").asText());
            }
            if (n.hasNonNull("name")) {
                b.name(n.get("name").asText());
            }
            out.add(b.build());
        }
        return out;
    }

    /**
     * Media held as text: {@code Media.Builder.data(Object)} on Spring AI 1.1, {@code data(String)} on
     * 2.0, which no longer has the first. Looked up once, so that one build of this adapter runs on
     * both (a call compiled against either would not link on the other).
     */
    private static void textData(Media.Builder b, String text) {
        try {
            TEXT_DATA.invoke(b, text);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Media.Builder.data refused text media", e);
        }
    }

    private static final MethodHandle TEXT_DATA = textDataMethod();

    private static MethodHandle textDataMethod() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (Class<?> parameter : List.of(String.class, Object.class)) { // 2.0, then 1.1
            try {
                return lookup.findVirtual(Media.Builder.class, "data", MethodType.methodType(Media.Builder.class, parameter));
            } catch (NoSuchMethodException e) {
                // the other version's
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Media.Builder.data is not accessible", e);
            }
        }
        throw new IllegalStateException("this Spring AI's Media.Builder has neither data(String) nor data(Object); "
                + "supported: Spring AI 1.1 and 2.0");
    }

    /** A metadata value with its type: {@code {"t": type, "v": value}}. */
    private static JsonNode value(Object v) {
        ObjectNode n = JSON.createObjectNode();
        if (v == null) {
            n.put("t", "null");
        } else if (v instanceof String s) {
            n.put("t", "string").put("v", s);
        } else if (v instanceof Integer i) {
            n.put("t", "int").put("v", i);
        } else if (v instanceof Long l) {
            n.put("t", "long").put("v", l);
        } else if (v instanceof Double d) {
            n.put("t", "double").put("v", d);
        } else if (v instanceof Float f) {
            n.put("t", "float").put("v", f);
        } else if (v instanceof Boolean b) {
            n.put("t", "boolean").put("v", b);
        } else if (v instanceof Enum<?> e) {
            n.put("t", "enum").put("class", e.getDeclaringClass().getName()).put("v", e.name());
        } else if (v instanceof List<?> list) {
            ArrayNode items = n.put("t", "list").putArray("v");
            list.forEach(x -> items.add(value(x)));
        } else if (v instanceof Map<?, ?> map) {
            ObjectNode fields = n.put("t", "map").putObject("v");
            map.forEach((k, x) -> fields.set(String.valueOf(k), value(x)));
        } else {
            n.put("t", "string").put("v", v.toString());
        }
        return n;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object unvalue(JsonNode n) {
        JsonNode v = n.get("v");
        switch (n.get("t").asText()) {
            case "null":
                return null;
            case "string":
                return v.asText();
            case "int":
                return v.intValue();
            case "long":
                return v.longValue();
            case "double":
                return v.doubleValue();
            case "float":
                return v.floatValue();
            case "boolean":
                return v.booleanValue();
            case "enum":
                try {
                    Class<? extends Enum> type = (Class<? extends Enum>) Class.forName(n.get("class").asText());
                    return Enum.valueOf(type, v.asText());
                } catch (ClassNotFoundException | IllegalArgumentException e) {
                    return v.asText();
                }
            case "list":
                List<Object> list = new ArrayList<>();
                v.forEach(x -> list.add(unvalue(x)));
                return list;
            case "map":
                Map<String, Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
                fields.forEachRemaining(e -> map.put(e.getKey(), unvalue(e.getValue())));
                return map;
            default:
                throw new IllegalArgumentException("metadata type '" + n.get("t").asText() + "' is not known; allowed: "
                        + "null, string, int, long, double, float, boolean, enum, list, map");
        }
    }
}
