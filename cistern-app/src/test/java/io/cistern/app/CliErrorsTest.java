package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every error of the command line is one line and a non-zero exit; --verbose adds the stack trace. */
class CliErrorsTest {

    @TempDir
    Path dir;

    private record Run(int status, String err) {
        long lines() {
            return err.lines().count();
        }
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = CisternCommand.commandLine().setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, err.toString());
    }

    @Test
    void aBadOptionValueIsOneLineAndExitTwo() {
        Run negative = run("demo", "--agents", "-3", "--data-dir", dir.toString());
        assertThat(negative.status()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("cistern demo: --agents -3 is not allowed; allowed: 1 to 256 (see cistern demo --help)"
                + System.lineSeparator());
        Run type = run("demo", "--agents", "many");
        assertThat(type.status()).isEqualTo(2);
        assertThat(type.lines()).isEqualTo(1);
        assertThat(type.err()).contains("'many'");
        Run url = run("demo", "--jdbc-url", "jdbc:mysql://x/y");
        assertThat(url.status()).isEqualTo(2);
        assertThat(url.lines()).isEqualTo(1);
        assertThat(url.err()).contains("'jdbc:mysql://x/y' is not allowed");
        Run duration = run("demo", "--duration", "0s", "--data-dir", dir.toString());
        assertThat(duration.status()).isEqualTo(2);
        assertThat(duration.lines()).isEqualTo(1);
        assertThat(duration.err()).contains("'0s' is not allowed; allowed: a positive duration");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run verbose = run("demo", "--agents", "-3", "--verbose", "--data-dir", dir.toString());
        assertThat(verbose.status()).isEqualTo(2);
        assertThat(verbose.lines()).isGreaterThan(3);
        assertThat(verbose.err()).contains("\tat picocli.");
    }

    @Test
    void aRefusedConnectionNamesTheEndpointAndTheFix() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run refused = run("demo", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + port + "/memory", "--user", "agent");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.lines()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).startsWith("cistern demo: cannot connect to postgresql://127.0.0.1:" + port + "/memory: ")
                .contains("refused");
    }

    @Test
    void aMissingPasswordSaysHowToGiveIt() throws Exception {
        Path data = dir.resolve("pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data)
                .setServerConfig("listen_addresses", "127.0.0.1").start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create role agent login password 'agent-secret'");
                // Ask this role for a password, over TCP, before the trust lines initdb wrote.
                Path hba = data.resolve("pg_hba.conf");
                String rules = Files.readString(hba);
                Files.writeString(hba, "host all agent 127.0.0.1/32 scram-sha-256\n" + rules, StandardOpenOption.TRUNCATE_EXISTING);
                s.execute("select pg_reload_conf()");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
            Run missing = run("demo", "--jdbc-url", url, "--user", "agent", "--duration", "1s");
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.lines()).as(missing.err()).isEqualTo(1);
            assertThat(missing.err()).startsWith("cistern demo: cannot connect to postgresql://127.0.0.1:" + pg.getPort() + "/postgres: ")
                    .contains("no password was provided")
                    .contains("--password (it prompts) or the CISTERN_PASSWORD environment variable");

            Run wrong = run("demo", "--jdbc-url", url, "--user", "agent", "--password=wrong", "--duration", "1s");
            assertThat(wrong.status()).isEqualTo(1);
            assertThat(wrong.lines()).as(wrong.err()).isEqualTo(1);
            assertThat(wrong.err()).contains("password authentication failed").contains("check --user");
        }
    }
}
