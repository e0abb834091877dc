package io.cistern.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.Prompt;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.SessionEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two JVMs adding to one memory id at the same time, on a SQLite file and on PostgreSQL. */
class TwoProcessSavesTest extends OnBothBackends {

    @Test
    void twoProcessesNeitherLoseNorDuplicateAMessage() throws Exception {
        int adds = 40;
        String url = config.isSqlite() ? "jdbc:sqlite:" + config.sqliteFile() : config.jdbcUrl();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long startAt = System.currentTimeMillis() + 4000;
        List<Process> children = new ArrayList<>();
        for (String writer : List.of("a", "b")) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WindowWriterMain.class.getName(),
                    url, writer, Integer.toString(adds), Long.toString(startAt)).redirectErrorStream(true).start());
        }
        for (Process p : children) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("added " + adds);
        }
        CisternChatMemoryStore adapter = new CisternChatMemoryStore(store);
        List<SessionEntry> history = store.thread(adapter.sessionId("shared"));
        List<String> texts = history.stream().map(e -> ((Prompt) e.node()).content()).toList();
        assertThat(texts).hasSize(2 * adds).doesNotHaveDuplicates();
        for (String writer : List.of("a", "b")) {
            assertThat(texts.stream().filter(t -> t.startsWith(writer + " ")).toList())
                    .containsExactlyElementsOf(IntStream.range(0, adds).mapToObj(i -> writer + " m" + i).toList());
        }
        List<String> view = adapter.getMessages("shared").stream().map(m -> ((dev.langchain4j.data.message.UserMessage) m).singleText()).toList();
        assertThat(view).isNotEmpty().doesNotHaveDuplicates();
        assertThat(texts).containsSubsequence(view);
        // The message of the last save is in the view: no later save could drop it.
        assertThat(view).containsAnyOf("a m" + (adds - 1), "b m" + (adds - 1));
    }
}
