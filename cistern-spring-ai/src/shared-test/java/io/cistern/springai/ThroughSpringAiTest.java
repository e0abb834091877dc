package io.cistern.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.Lineage;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;

/** The repository driven by Spring AI's MessageWindowChatMemory and ChatClient, on a SQLite file and on PostgreSQL. */
class ThroughSpringAiTest extends OnBothBackends {

    static final class Calculator {
        @Tool(description = "adds two numbers")
        int add(int a, int b) {
            return a + b;
        }
    }

    /**
     * A model that asks for the calculator, then answers with its result. Where the Spring AI
     * version has models run their tools ({@link ToolLoop#modelRunsTools}: 1.1 by default, as its
     * own models do) it runs the tool itself through Spring AI's ToolCallingManager and calls itself
     * again; otherwise it returns the request and whoever drives the loop (2.0's ChatClient, or the
     * application) runs the tool.
     */
    static final class ScriptedModel implements ChatModel {
        private final ToolCallingManager tools = ToolCallingManager.builder().build();

        @Override
        public ChatResponse call(org.springframework.ai.chat.prompt.Prompt prompt) {
            List<Message> messages = prompt.getInstructions();
            Message last = messages.get(messages.size() - 1);
            if (last instanceof ToolResponseMessage result) {
                return new ChatResponse(List.of(new Generation(new AssistantMessage("The sum is "
                        + result.getResponses().get(0).responseData()))));
            }
            ChatResponse asking = new ChatResponse(List.of(new Generation(AssistantMessage.builder().content("")
                    .toolCalls(List.of(new AssistantMessage.ToolCall("call-" + messages.size(), "function", "add",
                            "{\"arg0\":2,\"arg1\":3}"))).build())));
            if (!ToolLoop.modelRunsTools(prompt)) {
                return asking;
            }
            ToolExecutionResult executed = tools.executeToolCalls(prompt, asking);
            return call(new org.springframework.ai.chat.prompt.Prompt(executed.conversationHistory(), prompt.getOptions()));
        }

        @Override
        public ChatOptions getDefaultOptions() {
            return ToolCallingChatOptions.builder().build();
        }

        /**
         * What 2.0's ChatClient asks for (it overrides 2.0's default, which gives options without
         * tools, so no tool loop would run); on 1.1, which has only getDefaultOptions, a plain method.
         */
        public ChatOptions getOptions() {
            return getDefaultOptions();
        }
    }

    @Test
    void messageWindowChatMemoryKeepsWhatTheWindowKeepsAndTheStoreKeepsEverything() {
        ChatMemory cistern = MessageWindowChatMemory.builder().chatMemoryRepository(new CisternChatMemoryRepository(store))
                .maxMessages(5).build();
        ChatMemory reference = MessageWindowChatMemory.builder().chatMemoryRepository(new InMemoryChatMemoryRepository())
                .maxMessages(5).build();
        List<Message> script = new ArrayList<>();
        script.add(new SystemMessage("Be brief."));
        for (int i = 0; i < 10; i++) {
            script.add(new UserMessage("q" + i));
            if (i == 5) {
                script.add(new SystemMessage("Be briefer."));
            }
            script.add(new AssistantMessage("a" + i));
        }
        for (Message m : script) {
            cistern.add("c1", m);
            reference.add("c1", m);
            assertThat(RandomSpringMessages.structure(cistern.get("c1"))).isEqualTo(RandomSpringMessages.structure(reference.get("c1")));
        }
        String session = new CisternChatMemoryRepository(store).sessionId("c1");
        assertThat(store.thread(session)).hasSize(script.size());
        reopen();
        assertThat(RandomSpringMessages.structure(new CisternChatMemoryRepository(store).findByConversationId("c1")))
                .isEqualTo(RandomSpringMessages.structure(reference.get("c1")));
    }

    @Test
    void chatClientWithTheMemoryAdvisorOverAModelThatCallsTools() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(new CisternChatMemoryRepository(store)).build();
        ChatClient client = ChatClient.builder(new ScriptedModel())
                .defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
                .defaultTools(new Calculator())
                .build();
        String answer = client.prompt().user("What is 2 + 3?")
                .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "ada")).call().content();
        assertThat(answer).isEqualTo("The sum is 5");
        client.prompt().user("Thanks").advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "ada")).call().content();

        reopen();
        CisternChatMemoryRepository reopened = new CisternChatMemoryRepository(store);
        // The advisor keeps the user's message and the final answer (the tool round trip stays inside the model call).
        assertThat(reopened.findByConversationId("ada")).extracting(Message::getText)
                .containsExactly("What is 2 + 3?", "The sum is 5", "Thanks", "The sum is 5");
        List<SessionEntry> turns = store.thread(reopened.sessionId("ada"));
        Response second = (Response) turns.get(3).node();
        Lineage lineage = store.lineage(second.id(), 5).orElseThrow();
        assertThat(lineage.prompt().content()).isEqualTo("Thanks");
        assertThat(lineage.earlierPrompts()).extracting(Prompt::content).containsExactly("What is 2 + 3?");
    }

    @Test
    void toolCallsAndResponsesKeptByTheApplicationRoundTripAndFormTheLineage() {
        ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(new CisternChatMemoryRepository(store)).build();
        ScriptedModel model = new ScriptedModel();
        ToolCallingManager tools = ToolCallingManager.builder().build();
        ChatOptions options = ToolLoop.userControlled(ToolCallbacks.from(new Calculator()));
        // Spring AI's documented loop for user-controlled tool execution with a chat memory.
        memory.add("bob", new UserMessage("What is 2 + 3?"));
        org.springframework.ai.chat.prompt.Prompt prompt = new org.springframework.ai.chat.prompt.Prompt(memory.get("bob"), options);
        ChatResponse response = model.call(prompt);
        memory.add("bob", response.getResult().getOutput());
        while (response.hasToolCalls()) {
            ToolExecutionResult result = tools.executeToolCalls(prompt, response);
            memory.add("bob", result.conversationHistory().get(result.conversationHistory().size() - 1));
            prompt = new org.springframework.ai.chat.prompt.Prompt(memory.get("bob"), options);
            response = model.call(prompt);
            memory.add("bob", response.getResult().getOutput());
        }

        reopen();
        CisternChatMemoryRepository reopened = new CisternChatMemoryRepository(store);
        List<Message> back = reopened.findByConversationId("bob");
        assertThat(back).extracting(m -> m.getMessageType().name()).containsExactly("USER", "ASSISTANT", "TOOL", "ASSISTANT");
        assertThat(((AssistantMessage) back.get(1)).getToolCalls()).singleElement()
                .satisfies(c -> assertThat(c.arguments()).isEqualTo("{\"arg0\":2,\"arg1\":3}"));
        assertThat(((ToolResponseMessage) back.get(2)).getResponses()).singleElement()
                .satisfies(r -> assertThat(r.responseData()).isEqualTo("5"));

        List<SessionEntry> turns = store.thread(reopened.sessionId("bob"));
        assertThat(turns).extracting(t -> t.node().kind())
                .containsExactly(NodeKind.PROMPT, NodeKind.RESPONSE, NodeKind.TOOL_INVOCATION, NodeKind.RESPONSE);
        Lineage lineage = store.lineage(turns.get(1).node().id(), 3).orElseThrow();
        assertThat(lineage.prompt().content()).isEqualTo("What is 2 + 3?");
        assertThat(lineage.tools()).singleElement().satisfies(t -> {
            assertThat(t.toolName()).isEqualTo("add");
            assertThat(t.parametersJson()).isEqualTo("{\"arg0\":2,\"arg1\":3}");
            assertThat(t.resultJson()).isEqualTo("5");
        });
    }

    @Test
    void deleteLeavesNothingAndConversationIdsArePagedThroughTheStore() {
        CisternChatMemoryRepository repository = new CisternChatMemoryRepository(store);
        for (int i = 0; i < 1_050; i++) {
            repository.saveAll(String.format("c%04d", i), List.of(new UserMessage("hi " + i), new AssistantMessage("yo")));
        }
        long before = store.limiterStats().total();
        List<String> ids = repository.findConversationIds();
        assertThat(store.limiterStats().total() - before).isEqualTo(3); // 500 + 500 + 50
        assertThat(ids).hasSize(1_050).isSorted().startsWith("c0000").endsWith("c1049");
        List<String> turnIds = store.thread(repository.sessionId("c0007")).stream().map(t -> t.node().id()).toList();

        repository.deleteByConversationId("c0007");

        assertThat(repository.findByConversationId("c0007")).isEmpty();
        assertThat(repository.findConversationIds()).hasSize(1_049).doesNotContain("c0007");
        turnIds.forEach(id -> assertThat(store.get(id)).isEmpty());
        assertThat(store.get(repository.sessionId("c0007"))).isEmpty();
        var stats = store.statistics();
        assertThat(stats.nodes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_049 * 3);
        assertThat(stats.edges().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_049);
    }

    @Test
    void twoStoresOnOneDatabaseWritingOneConversationLoseAndDuplicateNothing() throws Exception {
        int writers = 4;
        int adds = 30;
        try (MemoryStore second = MemoryStore.open(config)) {
            List<MemoryStore> stores = List.of(store, second);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                ChatMemory memory = MessageWindowChatMemory.builder()
                        .chatMemoryRepository(new CisternChatMemoryRepository(stores.get(w % 2))).maxMessages(6).build();
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < adds; i++) {
                        memory.add("shared", new UserMessage("w" + writer + " m" + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        CisternChatMemoryRepository repository = new CisternChatMemoryRepository(store);
        List<String> texts = store.thread(repository.sessionId("shared")).stream().map(e -> ((Prompt) e.node()).content()).toList();
        assertThat(texts).hasSize(writers * adds).doesNotHaveDuplicates();
        List<String> view = repository.findByConversationId("shared").stream().map(Message::getText).toList();
        assertThat(view).doesNotHaveDuplicates().isNotEmpty();
        assertThat(texts).containsSubsequence(view);
    }
}
