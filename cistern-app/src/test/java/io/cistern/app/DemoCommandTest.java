package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo end to end on a real SQLite file, and its option checking. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void aShortDemoRunsWithoutFailuresAndReportsEveryFigure() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = new CommandLine(new CisternCommand()).execute("demo", "--agents", "3", "--duration", "2s",
                    "--data-dir", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("Cistern demo: 3 agents").contains(", 0 failed")
                .contains("append_prompt").contains("append_response").contains("lineage").contains("read_thread")
                .contains("Pool writer:").contains("Pool readers:").contains("Limiter: max 32").contains("Cache:")
                .contains("Data:    " + dir.toAbsolutePath().normalize().resolve("cistern-memory.db"));
        assertThat(Files.exists(dir.resolve("cistern-memory.db"))).isTrue();
        // the table's turn count is the store's prompt count: every acknowledged append is there
        String turns = report.replaceAll("(?s).*operations \\([^)]*\\), ([\\d,]+) conversation turns.*", "$1");
        String prompts = report.replaceAll("(?s).*prompt ([\\d,]+)  response.*", "$1");
        assertThat(turns).isEqualTo(prompts);
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        StringWriter err = new StringWriter();
        CommandLine cli = CisternCommand.commandLine().setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--duration", "soon")).isNotZero();
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(cli.execute("demo", "--agents", "0", "--data-dir", dir.toString())).isNotZero();
        assertThat(err.toString()).contains("--agents 0 is not allowed; allowed: 1 to 256");
        assertThat(cli.execute("demo", "--jdbc-url", "jdbc:mysql://x/y")).isNotZero();
        assertThat(err.toString()).contains("'jdbc:mysql://x/y' is not allowed");
    }

    @Test
    void durationsInTheUsualShorthands() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.convert("PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
