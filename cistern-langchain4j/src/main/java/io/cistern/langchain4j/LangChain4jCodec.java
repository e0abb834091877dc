package io.cistern.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.cistern.memory.chat.ChatCodec;
import io.cistern.memory.chat.ChatTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** LangChain4j's messages, kept as {@link ChatMessageSerializer} writes them. */
final class LangChain4jCodec implements ChatCodec<ChatMessage> {

    static final String NAME = "langchain4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toJson(ChatMessage message) {
        return ChatMessageSerializer.messageToJson(message);
    }

    @Override
    public ChatMessage fromJson(String json) {
        return ChatMessageDeserializer.messageFromJson(json);
    }

    @Override
    public ChatTurn describe(ChatMessage message) {
        if (message instanceof SystemMessage s) {
            return new ChatTurn(ChatTurn.Role.SYSTEM, s.text(), null, null);
        }
        if (message instanceof UserMessage u) {
            return new ChatTurn(ChatTurn.Role.USER, text(u.contents()), null, null);
        }
        if (message instanceof AiMessage a) {
            List<ChatTurn.ToolCall> calls = new ArrayList<>();
            for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                calls.add(new ChatTurn.ToolCall(r.id(), r.name(), r.arguments()));
            }
            return new ChatTurn(ChatTurn.Role.ASSISTANT, a.text(), calls, null);
        }
        if (message instanceof ToolExecutionResultMessage t) {
            return new ChatTurn(ChatTurn.Role.TOOL, null, null,
                    List.of(new ChatTurn.ToolResult(t.id(), t.toolName(), t.text(), Boolean.TRUE.equals(t.isError()))));
        }
        return new ChatTurn(ChatTurn.Role.OTHER, null, null, null);
    }

    /** The text parts of a user message, one per line; images and other media stay in the JSON only. */
    private static String text(List<Content> contents) {
        StringJoiner text = new StringJoiner("\n");
        for (Content c : contents) {
            if (c instanceof TextContent t) {
                text.add(t.text());
            }
        }
        return text.toString();
    }
}
