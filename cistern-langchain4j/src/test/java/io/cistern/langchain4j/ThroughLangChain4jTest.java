package io.cistern.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.memory.chat.TokenWindowChatMemory;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.cistern.memory.model.EdgeKind;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.Lineage;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionEntry;
import io.cistern.memory.store.StoreStatistics;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The adapter driven by LangChain4j's own memories and AiServices, on a SQLite file and on PostgreSQL. */
class ThroughLangChain4jTest extends OnBothBackends {

    /** One word, one token: a scripted estimator, so the window's decisions are predictable. */
    static final TokenCountEstimator WORDS = new TokenCountEstimator() {
        @Override
        public int estimateTokenCountInText(String text) {
            return text == null || text.isBlank() ? 0 : text.trim().split("\\s+").length;
        }

        @Override
        public int estimateTokenCountInMessage(ChatMessage message) {
            if (message instanceof AiMessage a) {
                return 1 + estimateTokenCountInText(a.text()) + 3 * a.toolExecutionRequests().size();
            }
            if (message instanceof ToolExecutionResultMessage t) {
                return 1 + estimateTokenCountInText(t.text());
            }
            return 1 + estimateTokenCountInText(message instanceof UserMessage u ? u.singleText() : ((SystemMessage) message).text());
        }

        @Override
        public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
            int n = 0;
            for (ChatMessage m : messages) {
                n += estimateTokenCountInMessage(m);
            }
            return n;
        }
    };

    /** The same conversation through a window over Cistern and over LangChain4j's in-memory store: equal after every add. */
    private void sameAsInMemory(Function<ChatMemoryStoreChoice, ChatMemory> memories) {
        ChatMemory cistern = memories.apply(new ChatMemoryStoreChoice(new CisternChatMemoryStore(store)));
        ChatMemory reference = memories.apply(new ChatMemoryStoreChoice(new InMemoryChatMemoryStore()));
        List<ChatMessage> script = script();
        for (ChatMessage m : script) {
            cistern.add(m);
            reference.add(m);
            assertThat(json(cistern.messages())).isEqualTo(json(reference.messages()));
        }
        CisternChatMemoryStore adapter = new CisternChatMemoryStore(store);
        String session = adapter.sessionId("u1");
        // Everything stays in the history; the view is what the window kept. Each message is one turn, written once.
        List<SessionEntry> history = store.thread(session);
        assertThat(history).hasSize(script.size() - 1); // the repeated system message is not added twice by LangChain4j
        assertThat(history).extracting(SessionEntry::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, history.size()).boxed().toList());
        reopen();
        assertThat(json(new CisternChatMemoryStore(store).getMessages("u1"))).isEqualTo(json(reference.messages()));
    }

    record ChatMemoryStoreChoice(dev.langchain4j.store.memory.chat.ChatMemoryStore store) {
    }

    static List<ChatMessage> script() {
        List<ChatMessage> s = new java.util.ArrayList<>();
        s.add(SystemMessage.from("You are terse."));
        for (int i = 0; i < 12; i++) {
            s.add(UserMessage.from("question number " + i));
            if (i % 3 == 1) {
                ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-" + i).name("lookup")
                        .arguments("{\"n\":" + i + "}").build();
                s.add(AiMessage.from(call));
                s.add(ToolExecutionResultMessage.from(call, "value " + i));
            }
            if (i == 6) {
                s.add(SystemMessage.from("You are terse."));
            }
            s.add(AiMessage.from("answer " + i));
        }
        return s;
    }

    static String json(List<ChatMessage> messages) {
        return ChatMessageSerializer.messagesToJson(messages);
    }

    @Test
    void messageWindowChatMemoryKeepsWhatTheWindowKeepsAndTheStoreKeepsEverything() {
        sameAsInMemory(c -> MessageWindowChatMemory.builder().id("u1").maxMessages(5).chatMemoryStore(c.store()).build());
    }

    @Test
    void messageWindowWithTheSystemMessageFirst() {
        sameAsInMemory(c -> MessageWindowChatMemory.builder().id("u1").maxMessages(4).alwaysKeepSystemMessageFirst(true)
                .chatMemoryStore(c.store()).build());
    }

    @Test
    void tokenWindowChatMemoryKeepsWhatTheWindowKeeps() {
        sameAsInMemory(c -> TokenWindowChatMemory.builder().id("u1").maxTokens(14, WORDS).chatMemoryStore(c.store()).build());
    }

    /** A model that asks for the calculator once, then answers with the tool's result. */
    static final class ScriptedModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            if (last instanceof ToolExecutionResultMessage result) {
                return ChatResponse.builder().aiMessage(AiMessage.from("The sum is " + result.text())).build();
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder()
                    .id("call-" + request.messages().size()).name("add").arguments("{\"arg0\":2,\"arg1\":3}").build())).build();
        }
    }

    static final class Calculator {
        @Tool("adds two numbers")
        int add(@P("a") int a, @P("b") int b) {
            return a + b;
        }
    }

    interface Assistant {
        String chat(@MemoryId String user, @dev.langchain4j.service.UserMessage String message);
    }

    @Test
    void aiServicesWithToolsKeepTheToolCallsAsInvocationsOfTheirResponse() {
        CisternChatMemoryStore memories = new CisternChatMemoryStore(store);
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(new ScriptedModel())
                .tools(new Calculator())
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id).maxMessages(20).chatMemoryStore(memories).build())
                .build();
        assertThat(assistant.chat("ada", "What is 2 + 3?")).isEqualTo("The sum is 5");
        assertThat(assistant.chat("ada", "And again?")).isEqualTo("The sum is 5");

        reopen();
        CisternChatMemoryStore reopened = new CisternChatMemoryStore(store);
        List<ChatMessage> messages = reopened.getMessages("ada");
        assertThat(messages).extracting(ChatMessage::type).extracting(Enum::name)
                .containsExactly("USER", "AI", "TOOL_EXECUTION_RESULT", "AI", "USER", "AI", "TOOL_EXECUTION_RESULT", "AI");
        AiMessage request = (AiMessage) messages.get(1);
        assertThat(request.toolExecutionRequests()).singleElement()
                .satisfies(r -> assertThat(r.arguments()).isEqualTo("{\"arg0\":2,\"arg1\":3}"));

        // The graph: the response that asked for the tool invokes it, and its lineage starts at the user's prompt.
        String session = reopened.sessionId("ada");
        List<SessionEntry> turns = store.thread(session);
        assertThat(turns).extracting(t -> t.node().kind()).containsExactly(NodeKind.PROMPT, NodeKind.RESPONSE,
                NodeKind.TOOL_INVOCATION, NodeKind.RESPONSE, NodeKind.PROMPT, NodeKind.RESPONSE, NodeKind.TOOL_INVOCATION,
                NodeKind.RESPONSE);
        Response asking = (Response) turns.get(1).node();
        assertThat(asking.finishReason()).isEqualTo("tool_calls");
        Lineage lineage = store.lineage(asking.id(), 5).orElseThrow();
        assertThat(lineage.prompt().content()).isEqualTo("What is 2 + 3?");
        assertThat(lineage.tools()).singleElement().satisfies(t -> {
            assertThat(t.toolName()).isEqualTo("add");
            assertThat(t.parametersJson()).isEqualTo("{\"arg0\":2,\"arg1\":3}");
            assertThat(t.resultJson()).isEqualTo("5");
            assertThat(t.success()).isTrue();
        });
        Response second = (Response) turns.get(5).node();
        Lineage later = store.lineage(second.id(), 5).orElseThrow();
        assertThat(later.prompt().content()).isEqualTo("And again?");
        assertThat(later.earlierPrompts()).extracting(p -> p.content()).containsExactly("What is 2 + 3?");
        assertThat(store.outgoing(turns.get(6).node().id())).isEmpty();
        assertThat(((ToolInvocation) turns.get(6).node()).responseId()).isEqualTo(second.id());
        assertThat(store.incoming(turns.get(6).node().id(), EdgeKind.INVOKES)).singleElement()
                .satisfies(e -> assertThat(e.fromId()).isEqualTo(second.id()));
    }

    @Test
    void deleteMessagesLeavesNoNodeEdgeOrCachedEntry() {
        CisternChatMemoryStore memories = new CisternChatMemoryStore(store);
        ChatMemory memory = MessageWindowChatMemory.builder().id("gone").maxMessages(6).chatMemoryStore(memories).build();
        ChatMemory other = MessageWindowChatMemory.builder().id("kept").maxMessages(6).chatMemoryStore(memories).build();
        script().forEach(memory::add);
        other.add(UserMessage.from("hello"));
        other.add(AiMessage.from("hi"));
        String session = memories.sessionId("gone");
        List<String> turnIds = store.thread(session).stream().map(t -> t.node().id()).toList();
        turnIds.forEach(store::get); // cached now
        StoreStatistics before = store.statistics();
        assertThat(before.edges().values().stream().mapToLong(Long::longValue).sum()).isPositive();

        memory.clear();

        assertThat(memories.getMessages("gone")).isEmpty();
        assertThat(store.get(session)).isEmpty();
        assertThat(store.thread(session)).isEmpty();
        turnIds.forEach(id -> assertThat(store.get(id)).isEmpty());
        StoreStatistics after = store.statistics();
        assertThat(after.nodes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3); // the other session and its 2 turns
        assertThat(after.edges().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1); // its RESPONDS_TO
        assertThat(memories.getMessages("kept")).hasSize(2);
        memory.add(UserMessage.from("again"));
        assertThat(memory.messages()).extracting(ChatMessage::type).extracting(Enum::name).containsExactly("USER");
    }

    @Test
    void aSaveCostsTheSameDatabaseOperationsAt200MessagesAsAt10() {
        CisternChatMemoryStore memories = new CisternChatMemoryStore(store);
        ChatMemory memory = MessageWindowChatMemory.builder().id("long").maxMessages(10_000).chatMemoryStore(memories).build();
        long[] opsPerAdd = new long[210];
        for (int i = 0; i < 210; i++) {
            long before = store.limiterStats().total();
            memory.add(i % 2 == 0 ? UserMessage.from("u" + i) : AiMessage.from("a" + i));
            opsPerAdd[i] = store.limiterStats().total() - before;
        }
        // The framework's read (one small query for the session's state; the view is cached) and one conditional
        // write batch: the same at 205 messages as at 15.
        assertThat(opsPerAdd[205]).isEqualTo(opsPerAdd[15]).isEqualTo(2);
        assertThat(store.statistics().nodes().get(NodeKind.PROMPT) + store.statistics().nodes().get(NodeKind.RESPONSE))
                .isEqualTo(210);
    }
}
