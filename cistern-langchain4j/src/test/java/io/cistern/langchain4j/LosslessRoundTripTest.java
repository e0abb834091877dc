package io.cistern.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import io.cistern.memory.store.Backend;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/**
 * Any list of LangChain4j messages, saved and read back after the store was closed and opened
 * again, is equal by LangChain4j's own serializer; on a SQLite file and on PostgreSQL.
 */
class LosslessRoundTripTest {

    private static final Map<Backend, MemoryStoreConfig> CONFIGS = new EnumMap<>(Backend.class);

    static synchronized MemoryStoreConfig config(Backend backend) {
        return CONFIGS.computeIfAbsent(backend, b -> {
            try {
                return b.freshConfig(Files.createTempDirectory("cistern-lc4j-")).build();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Provide
    Arbitrary<List<ChatMessage>> conversations() {
        return RandomMessages.message().list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 60)
    void everyMessageComesBackEqualAfterAReopen(@ForAll("conversations") List<ChatMessage> messages,
                                                @ForAll Backend backend) {
        String memoryId = UUID.randomUUID().toString();
        try (MemoryStore store = MemoryStore.open(config(backend))) {
            new CisternChatMemoryStore(store).updateMessages(memoryId, messages);
        }
        try (MemoryStore reopened = MemoryStore.open(config(backend))) {
            List<ChatMessage> back = new CisternChatMemoryStore(reopened).getMessages(memoryId);
            assertThat(ChatMessageSerializer.messagesToJson(back)).isEqualTo(ChatMessageSerializer.messagesToJson(messages));
            assertThat(back).isEqualTo(messages);
        }
    }

    @Property(tries = 30)
    void aListBuiltInStepsWithEvictionsReadsBackAsTheLastListSaved(
            @ForAll("conversations") List<ChatMessage> first, @ForAll("conversations") List<ChatMessage> more,
            @ForAll @Size(max = 12) List<Boolean> keep, @ForAll Backend backend) {
        String memoryId = UUID.randomUUID().toString();
        List<ChatMessage> second = new java.util.ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            if (i >= keep.size() || keep.get(i)) {
                second.add(first.get(i));
            }
        }
        second.addAll(more);
        try (MemoryStore store = MemoryStore.open(config(backend))) {
            CisternChatMemoryStore memory = new CisternChatMemoryStore(store);
            memory.updateMessages(memoryId, first);
            memory.getMessages(memoryId);
            memory.updateMessages(memoryId, second);
            assertThat(memory.getMessages(memoryId)).isEqualTo(second);
        }
        try (MemoryStore reopened = MemoryStore.open(config(backend))) {
            assertThat(new CisternChatMemoryStore(reopened).getMessages(memoryId)).isEqualTo(second);
        }
    }

    @AfterContainer
    static void forget() {
        CONFIGS.clear();
    }
}
