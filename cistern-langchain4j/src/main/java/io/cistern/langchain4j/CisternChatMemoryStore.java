package io.cistern.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.cistern.memory.chat.ChatLog;
import io.cistern.memory.store.MemoryStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A LangChain4j {@link ChatMemoryStore} on the Cistern memory store.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of("data")).build());
 * ChatMemory memory = MessageWindowChatMemory.builder().id("u1").maxMessages(20)
 *         .chatMemoryStore(new CisternChatMemoryStore(store)).build();
 * }</pre>
 *
 * <p>A memory id is a session of the namespace {@code langchain4j}, with the session id
 * {@code "langchain4j:" + memoryId} (the {@link #builder} chooses both). Every message is a turn:
 * system and user messages are prompts, assistant messages responses, tool results tool
 * invocations invoked by the response that requested them, each with the message's own JSON
 * ({@code ChatMessageSerializer}) in its metadata, so it comes back equal.
 *
 * <p>{@link #updateMessages} appends only the messages that are new; the ones the list leaves out
 * (a window's evictions) leave what {@link #getMessages} returns but stay in the store's history.
 * New and left out are decided against what the calling thread last read: a list based on an
 * older read appends, and drops only what that read saw, never another writer's later messages.
 * {@link #deleteMessages} deletes the session, its turns and their edges. See {@link ChatLog}.
 */
public final class CisternChatMemoryStore implements ChatMemoryStore {

    /** The namespace of the sessions, unless the builder says otherwise. */
    public static final String DEFAULT_NAMESPACE = "langchain4j";

    private final ChatLog<ChatMessage> log;
    private final Function<Object, String> sessionIds;

    /** @param store the store; memory ids become sessions {@code "langchain4j:" + memoryId} of the namespace {@code langchain4j} */
    public CisternChatMemoryStore(MemoryStore store) {
        this(builder(store));
    }

    private CisternChatMemoryStore(Builder b) {
        this.log = new ChatLog<>(b.store, b.namespace, new LangChain4jCodec(), b.cachedConversations);
        String prefix = b.namespace + ":";
        this.sessionIds = b.sessionIds != null ? b.sessionIds : memoryId -> prefix + memoryId;
    }

    /** @param store the store @return a builder for namespace, id mapping and cache size */
    public static Builder builder(MemoryStore store) {
        return new Builder(store);
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return log.read(sessionId(memoryId));
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        log.save(sessionId(memoryId), messages);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        log.delete(sessionId(memoryId));
    }

    /**
     * @param memoryId a memory id
     * @return the id of its session in the store, for lineage and history queries
     */
    public String sessionId(Object memoryId) {
        Objects.requireNonNull(memoryId, "memoryId");
        String id = sessionIds.apply(memoryId);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("memory id '" + memoryId + "' maps to session id "
                    + (id == null ? "null" : "'" + id + "'") + "; allowed: a non-blank session id");
        }
        return id;
    }

    /** Options of a {@link CisternChatMemoryStore}. */
    public static final class Builder {
        private final MemoryStore store;
        private String namespace = DEFAULT_NAMESPACE;
        private Function<Object, String> sessionIds;
        private int cachedConversations = 1_000;

        private Builder(MemoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** @param value the namespace of the sessions @return this builder */
        public Builder namespace(String value) {
            this.namespace = Objects.requireNonNull(value, "namespace"); // checked when built
            return this;
        }

        /**
         * @param mapping memory id to session id; the default is {@code namespace + ":" + memoryId}.
         *     Session ids are unique across namespaces.
         * @return this builder
         */
        public Builder sessionIds(Function<Object, String> mapping) {
            this.sessionIds = Objects.requireNonNull(mapping, "mapping");
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

        /** @return the memory store */
        public CisternChatMemoryStore build() {
            return new CisternChatMemoryStore(this);
        }
    }
}
