package io.cistern.springai;

import io.cistern.memory.chat.ChatLog;
import io.cistern.memory.store.MemoryStore;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;

/**
 * A Spring AI {@link ChatMemoryRepository} on the Cistern memory store.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of("data")).build());
 * ChatMemory memory = MessageWindowChatMemory.builder().chatMemoryRepository(new CisternChatMemoryRepository(store)).build();
 * }</pre>
 *
 * <p>A conversation is a session of the namespace {@code spring-ai}, with the session id
 * {@code "spring-ai:" + conversationId} (the {@link #builder} chooses the namespace, which is also
 * the prefix). Every message is a turn: system and user messages are prompts, assistant messages
 * responses, each tool response a tool invocation invoked by the response whose tool call it
 * answers; the message itself, tool calls, media and metadata included, is kept whole in the
 * turn's metadata and comes back equal.
 *
 * <p>{@link #saveAll} does not delete and re-insert: it appends the messages that are new, and the
 * ones the list leaves out (a window's evictions) leave what {@link #findByConversationId} returns
 * but stay in the store's history. New and left out are decided against what the calling thread
 * last read, so a list based on an older read never erases another writer's later messages.
 * {@link #deleteByConversationId} deletes the session, its turns and their edges. See {@link ChatLog}.
 */
public final class CisternChatMemoryRepository implements ChatMemoryRepository {

    /** The namespace of the sessions, unless the builder says otherwise. */
    public static final String DEFAULT_NAMESPACE = "spring-ai";

    private final ChatLog<Message> log;
    private final String prefix;

    /** @param store the store; conversations become sessions {@code "spring-ai:" + id} of the namespace {@code spring-ai} */
    public CisternChatMemoryRepository(MemoryStore store) {
        this(builder(store));
    }

    private CisternChatMemoryRepository(Builder b) {
        this.log = new ChatLog<>(b.store, b.namespace, new SpringAiCodec(), b.cachedConversations);
        this.prefix = b.namespace + ":";
    }

    /** @param store the store @return a builder for the namespace and the cache size */
    public static Builder builder(MemoryStore store) {
        return new Builder(store);
    }

    /** Every conversation id of the namespace, read from the store 500 per round trip (the interface wants a list). */
    @Override
    public List<String> findConversationIds() {
        try (Stream<String> ids = conversationIds()) {
            return ids.toList();
        }
    }

    /** @return the conversation ids, lazily, 500 per round trip: for stores too large to list at once */
    public Stream<String> conversationIds() {
        return log.sessionIds().filter(id -> id.startsWith(prefix)).map(id -> id.substring(prefix.length()));
    }

    @Override
    public List<Message> findByConversationId(String conversationId) {
        return log.read(sessionId(conversationId));
    }

    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        log.save(sessionId(conversationId), messages);
    }

    @Override
    public void deleteByConversationId(String conversationId) {
        log.delete(sessionId(conversationId));
    }

    /**
     * @param conversationId a conversation id
     * @return the id of its session in the store, for lineage and history queries
     */
    public String sessionId(String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw new IllegalArgumentException("conversationId = " + (conversationId == null ? "null" : "'" + conversationId + "'")
                    + " is not allowed; allowed: a non-blank string");
        }
        return prefix + conversationId;
    }

    /** Options of a {@link CisternChatMemoryRepository}. */
    public static final class Builder {
        private final MemoryStore store;
        private String namespace = DEFAULT_NAMESPACE;
        private int cachedConversations = 1_000;

        private Builder(MemoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** @param value the namespace of the sessions, also the prefix of their ids @return this builder */
        public Builder namespace(String value) {
            if (value == null || value.isBlank() || value.contains(":")) {
                throw new IllegalArgumentException("namespace = " + (value == null ? "null" : "'" + value + "'")
                        + " is not allowed; allowed: a non-blank string without ':'");
            }
            this.namespace = value;
            return this;
        }

        /**
         * @param count conversations whose current messages are kept decoded in memory (default
         *     1,000; 0: decode on every read), checked when built
         * @return this builder
         */
        public Builder cachedConversations(int count) {
            this.cachedConversations = count;
            return this;
        }

        /** @return the repository */
        public CisternChatMemoryRepository build() {
            return new CisternChatMemoryRepository(this);
        }
    }
}
