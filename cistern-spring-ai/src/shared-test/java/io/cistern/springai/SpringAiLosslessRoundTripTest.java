package io.cistern.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.store.Backend;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.springframework.ai.chat.messages.Message;

/**
 * Any list of Spring AI messages, saved and read back after the store was closed and opened
 * again, is structurally equal (type, text, typed metadata, media, tool calls, tool responses); on a
 * SQLite file and on PostgreSQL.
 */
class SpringAiLosslessRoundTripTest {

    private static final Map<Backend, MemoryStoreConfig> CONFIGS = new EnumMap<>(Backend.class);

    static synchronized MemoryStoreConfig config(Backend backend) {
        return CONFIGS.computeIfAbsent(backend, b -> {
            try {
                return b.freshConfig(Files.createTempDirectory("cistern-spring-ai-")).build();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Provide
    Arbitrary<List<Message>> conversations() {
        return RandomSpringMessages.message().list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 60)
    void everyMessageComesBackEqualAfterAReopen(@ForAll("conversations") List<Message> messages, @ForAll Backend backend) {
        String id = UUID.randomUUID().toString();
        try (MemoryStore store = MemoryStore.open(config(backend))) {
            new CisternChatMemoryRepository(store).saveAll(id, messages);
        }
        try (MemoryStore reopened = MemoryStore.open(config(backend))) {
            List<Message> back = new CisternChatMemoryRepository(reopened).findByConversationId(id);
            assertThat(RandomSpringMessages.structure(back)).isEqualTo(RandomSpringMessages.structure(messages));
            // Not equals(): Spring AI's Media compares byte[] data by identity, so a message with bytes is never equal to its copy.
        }
    }

    @Property(tries = 30)
    void aListSavedAgainWithSomeLeftOutAndSomeAddedReadsBackAsSaved(
            @ForAll("conversations") List<Message> first, @ForAll("conversations") List<Message> more,
            @ForAll @Size(max = 10) List<Boolean> keep, @ForAll Backend backend) {
        String id = UUID.randomUUID().toString();
        List<Message> second = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            if (i >= keep.size() || keep.get(i)) {
                second.add(first.get(i));
            }
        }
        second.addAll(more);
        try (MemoryStore store = MemoryStore.open(config(backend))) {
            CisternChatMemoryRepository repository = new CisternChatMemoryRepository(store);
            repository.saveAll(id, first);
            repository.findByConversationId(id);
            repository.saveAll(id, second);
            assertThat(RandomSpringMessages.structure(repository.findByConversationId(id)))
                    .isEqualTo(RandomSpringMessages.structure(second));
        }
        try (MemoryStore reopened = MemoryStore.open(config(backend))) {
            assertThat(RandomSpringMessages.structure(new CisternChatMemoryRepository(reopened).findByConversationId(id)))
                    .isEqualTo(RandomSpringMessages.structure(second));
        }
    }
}
