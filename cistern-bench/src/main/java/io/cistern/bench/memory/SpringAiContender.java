package io.cistern.bench.memory;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepositoryDialect;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * The peer: Spring AI's {@link JdbcChatMemoryRepository} behind its {@link MessageWindowChatMemory}
 * (what {@code ChatClient}'s memory advisor calls), on HikariCP. Each append is
 * {@code ChatMemory.add}: the framework reads the conversation, appends, and saves it back (delete
 * and re-insert, one transaction). The window is set wider than any conversation of the run, so
 * that, like Cistern, it keeps every message; the read is {@code ChatMemory.get}, cut to the last
 * {@value Turns#RECENT} turns. It keeps text only: no edges, ids, parameters or tool arguments.
 */
final class SpringAiContender implements Contender {
    private final HikariDataSource pool;
    private final ChatMemory memory;

    SpringAiContender(HikariDataSource pool, JdbcChatMemoryRepositoryDialect dialect, int maxMessages) {
        this.pool = pool;
        JdbcChatMemoryRepository repository = JdbcChatMemoryRepository.builder().dataSource(pool).dialect(dialect).build();
        this.memory = MessageWindowChatMemory.builder().chatMemoryRepository(repository).maxMessages(maxMessages).build();
    }

    @Override
    public AgentLoop agent(int index) {
        return new AgentLoop() {
            private String conversation;

            @Override
            public void newConversation() {
                conversation = UUID.randomUUID().toString();
            }

            @Override
            public void turn(int t, LongConsumer appendNanos) {
                long start = System.nanoTime();
                memory.add(conversation, List.of(new UserMessage(Turns.prompt(index, t))));
                long afterPrompt = System.nanoTime();
                appendNanos.accept(afterPrompt - start);
                memory.add(conversation, List.of(new AssistantMessage(Turns.response(index, t))));
                long afterResponse = System.nanoTime();
                appendNanos.accept(afterResponse - afterPrompt);
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                for (int c = 0; c < Turns.toolCalls(t); c++) {
                    responses.add(new ToolResponseMessage.ToolResponse("call-" + t + "-" + c, Turns.toolName(c),
                            Turns.toolResult(t, c)));
                }
                memory.add(conversation, List.of(ToolResponseMessage.builder().responses(responses).build()));
                appendNanos.accept(System.nanoTime() - afterResponse);
            }

            @Override
            public int readRecent() {
                List<Message> all = memory.get(conversation);
                // A turn is three messages here (user, assistant, tool).
                return Math.min(Turns.RECENT, all.subList(Math.max(0, all.size() - 3 * Turns.RECENT), all.size()).size() / 3);
            }
        };
    }

    @Override
    public void close() {
        pool.close();
    }
}
