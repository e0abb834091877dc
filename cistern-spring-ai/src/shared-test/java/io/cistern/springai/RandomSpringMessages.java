package io.cistern.springai;

import java.net.URI;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeTypeUtils;

/** Generators of the four Spring AI message types with every field they carry. */
final class RandomSpringMessages {

    private RandomSpringMessages() {
    }

    static Arbitrary<String> text() {
        Arbitrary<String> plain = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
                .withCharRange(' ', '~').withChars('é', '漢', '\n', '"', '\\');
        // whole code points only: a lone surrogate is not text any database keeps
        return Combinators.combine(plain, Arbitraries.of("", "\uD83D\uDE42")).as((t, emoji) -> t + emoji)
                .filter(t -> !t.isBlank());
    }

    static Arbitrary<String> id() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
    }

    static Arbitrary<Object> value() {
        return Arbitraries.oneOf(text().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of(MessageType.values()).map(t -> (Object) t),
                text().list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(id(), Arbitraries.integers().map(i -> (Object) i)).ofMaxSize(2).map(m -> (Object) m));
    }

    static Arbitrary<Map<String, Object>> metadata() {
        return Arbitraries.maps(id(), value()).ofMaxSize(4);
    }

    static Arbitrary<Media> media() {
        return Arbitraries.oneOf(
                id().map(s -> Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(URI.create("https://example.org/" + s + ".png"))
                        .name(s).build()),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(32)
                        .map(b -> Media.builder().mimeType(MimeTypeUtils.IMAGE_JPEG).data(b).id("m1").name("photo").build()),
                // Text data: data(Object) on Spring AI 1.1, data(String) on 2.0; the codec must restore it on either.
                text().map(t -> Media.builder().mimeType(MimeTypeUtils.TEXT_PLAIN).data(t).name("note").build()));
    }

    static Arbitrary<Message> message() {
        Arbitrary<Message> system = Combinators.combine(text(), metadata())
                .as((t, m) -> SystemMessage.builder().text(t).metadata(m).build());
        Arbitrary<Message> user = Combinators.combine(text(), metadata(), media().list().ofMaxSize(2))
                .as((t, m, media) -> UserMessage.builder().text(t).metadata(m).media(media).build());
        Arbitrary<AssistantMessage.ToolCall> call = Combinators.combine(id(), id(), text())
                .as((id, name, arg) -> new AssistantMessage.ToolCall(id, "function", name, "{\"q\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(arg) + "}"));
        Arbitrary<Message> assistant = Combinators.combine(text().injectNull(0.2), metadata(), call.list().ofMaxSize(3),
                        media().list().ofMaxSize(1))
                .as((t, m, calls, media) -> AssistantMessage.builder().content(t).properties(m).toolCalls(calls).media(media).build());
        Arbitrary<ToolResponseMessage.ToolResponse> response = Combinators.combine(id(), id(), text())
                .as(ToolResponseMessage.ToolResponse::new);
        Arbitrary<Message> tool = Combinators.combine(response.list().ofMinSize(0).ofMaxSize(3), metadata())
                .as((r, m) -> ToolResponseMessage.builder().responses(r).metadata(m).build());
        return Arbitraries.oneOf(system, user, assistant, tool);
    }

    /** Structural equality: type, text, metadata, media (type, id, name, data), tool calls, tool responses. */
    static String structure(List<Message> messages) {
        StringBuilder s = new StringBuilder();
        for (Message m : messages) {
            s.append(m.getMessageType()).append('|').append(m.getText()).append('|').append(m.getMetadata());
            List<Media> media = m instanceof UserMessage u ? u.getMedia() : m instanceof AssistantMessage a ? a.getMedia() : List.of();
            for (Media x : media) {
                Object data = x.getData();
                s.append("|media ").append(x.getMimeType()).append(' ').append(x.getId()).append(' ').append(x.getName()).append(' ')
                        .append(data instanceof byte[] b ? java.util.Arrays.toString(b) : data + " (" + data.getClass().getSimpleName() + ")");
            }
            if (m instanceof AssistantMessage a) {
                s.append("|calls ").append(a.getToolCalls());
            }
            if (m instanceof ToolResponseMessage t) {
                s.append("|responses ").append(t.getResponses());
            }
            s.append('\n');
        }
        return s.toString();
    }
}
