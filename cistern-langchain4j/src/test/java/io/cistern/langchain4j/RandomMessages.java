package io.cistern.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of every LangChain4j message type with every field the type carries. */
final class RandomMessages {

    private RandomMessages() {
    }

    static Arbitrary<String> text() {
        Arbitrary<String> plain = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .withCharRange(' ', '~').withChars('é', '漢', '\n', '"', '\\');
        // whole code points only: a lone surrogate is not text any database keeps
        return net.jqwik.api.Combinators.combine(plain, Arbitraries.of("", "\uD83D\uDE42"))
                .as((t, emoji) -> t + emoji)
                .filter(t -> !t.isBlank()); // LangChain4j refuses blank texts
    }

    static Arbitrary<String> id() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
    }

    static Arbitrary<Map<String, Object>> attributes() {
        return Arbitraries.maps(id(), Arbitraries.oneOf(text().map(s -> (Object) s),
                Arbitraries.integers().between(-1000, 1000).map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b))).ofMaxSize(3);
    }

    static Arbitrary<ChatMessage> message() {
        return Arbitraries.oneOf(system(), user(), ai(), toolResult(), custom());
    }

    static Arbitrary<ChatMessage> system() {
        return text().map(SystemMessage::from);
    }

    static Arbitrary<ChatMessage> user() {
        Arbitrary<Object> content = Arbitraries.oneOf(
                text().map(t -> (Object) TextContent.from(t)),
                id().map(s -> (Object) ImageContent.from("https://example.org/" + s + ".png")));
        return Combinators.combine(id().injectNull(0.5), content.list().ofMinSize(1).ofMaxSize(3), text())
                .as((name, contents, single) -> {
                    List<dev.langchain4j.data.message.Content> cs = contents.stream()
                            .map(c -> (dev.langchain4j.data.message.Content) c).toList();
                    return (ChatMessage) (name == null ? UserMessage.from(cs) : UserMessage.from(name, cs));
                });
    }

    static Arbitrary<ChatMessage> ai() {
        Arbitrary<ToolExecutionRequest> request = Combinators.combine(id(), id(), text())
                .as((id, name, arg) -> ToolExecutionRequest.builder().id(id).name(name)
                        .arguments("{\"q\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(arg) + "}").build());
        return Combinators.combine(text().injectNull(0.3), text().injectNull(0.6), request.list().ofMaxSize(3), attributes())
                .as((text, thinking, requests, attrs) -> {
                    AiMessage.Builder b = AiMessage.builder().text(text == null && requests.isEmpty() ? "x" : text)
                            .thinking(thinking).attributes(attrs);
                    if (!requests.isEmpty()) {
                        b.toolExecutionRequests(requests);
                    }
                    return (ChatMessage) b.build();
                });
    }

    static Arbitrary<ChatMessage> toolResult() {
        return Combinators.combine(id(), id(), text(), Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.3))
                .as((id, name, text, error) -> (ChatMessage) ToolExecutionResultMessage.builder()
                        .id(id).toolName(name).text(text).isError(error).build());
    }

    static Arbitrary<ChatMessage> custom() {
        return attributes().filter(m -> !m.isEmpty()).map(CustomMessage::from);
    }
}
