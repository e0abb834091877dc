package io.cistern.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several writers on one memory id: threads sharing a store, and stores opened separately on one
 * database (each with its own pool and cache, as two processes would be). No message is lost or
 * written twice, and a stale list does not erase another writer's message.
 */
class ConcurrentSavesTest extends OnBothBackends {

    @Test
    void fourWritersOnTwoStoresNeitherDuplicateNorLoseAMessage() throws Exception {
        int writers = 4;
        int adds = 40;
        try (MemoryStore second = MemoryStore.open(config)) {
            List<MemoryStore> stores = List.of(store, second);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                CisternChatMemoryStore adapter = new CisternChatMemoryStore(stores.get(w % 2));
                done.add(pool.submit(() -> {
                    ChatMemory memory = MessageWindowChatMemory.builder().id("shared").maxMessages(6)
                            .chatMemoryStore(adapter).build();
                    start.await();
                    for (int i = 0; i < adds; i++) {
                        memory.add(UserMessage.from("w" + writer + " m" + i));
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
        CisternChatMemoryStore adapter = new CisternChatMemoryStore(store);
        List<SessionEntry> history = store.thread(adapter.sessionId("shared"));
        List<String> texts = history.stream().map(e -> ((Prompt) e.node()).content()).toList();
        assertThat(texts).hasSize(writers * adds).doesNotHaveDuplicates();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            // each writer's messages are in the history in the order it added them
            List<String> own = texts.stream().filter(t -> t.startsWith("w" + writer + " ")).toList();
            assertThat(own).containsExactlyElementsOf(java.util.stream.IntStream.range(0, adds)
                    .mapToObj(i -> "w" + writer + " m" + i).toList());
        }
        assertThat(history).extracting(SessionEntry::seq).doesNotHaveDuplicates().isSorted();
        List<ChatMessage> view = adapter.getMessages("shared");
        assertThat(view).doesNotHaveDuplicates().isNotEmpty();
        // the view is a part of the history, in its order
        List<String> viewTexts = view.stream().map(m -> ((UserMessage) m).singleText()).toList();
        assertThat(texts).containsSubsequence(viewTexts);
        assertThat(store.statistics().nodes().get(NodeKind.PROMPT)).isEqualTo(writers * adds);
    }

    @Test
    void aStaleListAppendsAndDropsWhatItSawButNotAnotherWritersLaterMessage() throws Exception {
        CisternChatMemoryStore adapter = new CisternChatMemoryStore(store);
        ChatMessage u1 = UserMessage.from("u1");
        ChatMessage a1 = AiMessage.from("a1");
        ChatMessage u2 = UserMessage.from("u2");
        ChatMessage a2 = AiMessage.from("a2");
        adapter.updateMessages("m", List.of(u1, a1, u2, a2));

        ExecutorService stale = Executors.newSingleThreadExecutor();
        List<ChatMessage> staleRead = stale.submit(() -> adapter.getMessages("m")).get();
        assertThat(staleRead).containsExactly(u1, a1, u2, a2);

        // Another writer (this thread) adds u3 through a window of 4: u1 leaves the view.
        ChatMemory window = MessageWindowChatMemory.builder().id("m").maxMessages(4).chatMemoryStore(adapter).build();
        ChatMessage u3 = UserMessage.from("u3");
        window.add(u3);
        assertThat(adapter.getMessages("m")).containsExactly(a1, u2, a2, u3);

        // The stale writer drops u1 and a1 from what it read and adds x: u3, which it never saw, stays.
        ChatMessage x = UserMessage.from("x");
        stale.submit(() -> adapter.updateMessages("m", List.of(u2, a2, x))).get();
        stale.shutdown();
        assertThat(adapter.getMessages("m")).containsExactly(u2, a2, u3, x);
        try (MemoryStore other = MemoryStore.open(config)) {
            assertThat(new CisternChatMemoryStore(other).getMessages("m")).containsExactly(u2, a2, u3, x);
        }
        // Nothing was erased from the history.
        assertThat(store.thread(adapter.sessionId("m"))).hasSize(6);
        assertThat(new HashSet<>(store.thread(adapter.sessionId("m")).stream().map(e -> e.node().id()).toList())).hasSize(6);
    }

    @Test
    void aConversationDeletedByAnotherProcessStartsAgainHereWithoutItsOldMessages() {
        CisternChatMemoryStore here = new CisternChatMemoryStore(store);
        ChatMemory memory = MessageWindowChatMemory.builder().id("m").maxMessages(3).chatMemoryStore(here).build();
        memory.add(UserMessage.from("one"));
        memory.add(AiMessage.from("two"));
        memory.add(UserMessage.from("three"));
        memory.add(AiMessage.from("four")); // this process has the view cached now
        try (MemoryStore other = MemoryStore.open(config)) {
            new CisternChatMemoryStore(other).deleteMessages("m");
        }
        // A save without a read first: this process's cached view and this thread's last read are of the deleted session.
        here.updateMessages("m", List.of(UserMessage.from("five")));
        assertThat(here.getMessages("m")).containsExactly(UserMessage.from("five"));
        memory.add(AiMessage.from("six"));
        assertThat(memory.messages()).containsExactly(UserMessage.from("five"), AiMessage.from("six"));
        try (MemoryStore other = MemoryStore.open(config)) {
            assertThat(new CisternChatMemoryStore(other).getMessages("m")).containsExactly(UserMessage.from("five"), AiMessage.from("six"));
            assertThat(other.thread(here.sessionId("m"))).hasSize(2);
        }
    }
}
