package io.cistern.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;

/**
 * Run in a child JVM by {@link TwoProcessSavesTest}: from an agreed instant, adds messages to one
 * memory id through a window of 6, then exits. Arguments: JDBC URL, writer name, adds, start time.
 */
public final class WindowWriterMain {

    private WindowWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String writer = args[1];
        int adds = Integer.parseInt(args[2]);
        long startAt = Long.parseLong(args[3]);
        MemoryStoreConfig.Builder config = MemoryStoreConfig.jdbc(url);
        if (url.startsWith("jdbc:postgresql:")) {
            config.username("postgres");
        }
        try (MemoryStore store = MemoryStore.open(config.build())) {
            ChatMemory memory = MessageWindowChatMemory.builder().id("shared").maxMessages(6)
                    .chatMemoryStore(new CisternChatMemoryStore(store)).build();
            memory.messages(); // opened and warm before the start
            while (System.currentTimeMillis() < startAt) {
                Thread.sleep(1);
            }
            for (int i = 0; i < adds; i++) {
                memory.add(UserMessage.from(writer + " m" + i));
            }
        }
        System.out.println("added " + adds);
    }
}
