package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One line and an exit code for each way {@code serve} and {@code mcp} cannot start. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String stderr) {
    }

    private Run run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int status = new CommandLine(new CisternCommand()).execute(args);
            return new Run(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aBusyPortIsOneLineAndExit4() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("serve", "--port", "" + taken.getLocalPort(), "--data-dir", dir.toString());
            assertThat(r.status()).isEqualTo(4);
            assertThat(r.stderr().strip()).isEqualTo("cistern serve: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use (or the address is not this machine's); choose another with --port");
        }
    }

    @Test
    void aBadUrlIsOneLineAndExit2() {
        Run r = run("serve", "--jdbc-url", "jdbc:mysql://h/db?password=hunter2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr().lines()).hasSize(1);
        assertThat(r.stderr()).contains("is not allowed; allowed: jdbc:sqlite:<file> or jdbc:postgresql://");
        Run m = run("mcp", "--jdbc-url", "postgres://h/db");
        assertThat(m.status()).isEqualTo(2);
        assertThat(m.stderr()).startsWith("cistern mcp: JDBC URL 'postgres://h/db' is not allowed");
    }

    @Test
    void anUnusableDataDirectoryIsOneLineAndExit3() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Run r = run("serve", "--port", "0", "--data-dir", file.toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.stderr().strip()).isEqualTo("cistern serve: data directory " + file.toAbsolutePath() + " is not a directory");
        Run m = run("mcp", "--data-dir", file.toString());
        assertThat(m.status()).isEqualTo(3);
    }

    @Test
    void anUnreachablePostgresIsOneLineAndExit3WithoutThePassword() throws Exception {
        // in a fresh JVM, as a user runs it: the pool's loggers are configured when first used
        Process p = new ProcessBuilder(CisternProcess.command("serve", "--port", "0", "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/nothing?password=hunter2&connectTimeout=2"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Run r = new Run(p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.stderr().lines()).hasSize(1);
        assertThat(r.stderr()).startsWith("cistern serve: ").doesNotContain("hunter2");
    }

    @Test
    void anyOtherInterfaceNeedsATokenFile() {
        Run r = run("serve", "--host", "0.0.0.0", "--data-dir", dir.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).contains("host = 0.0.0.0 is not allowed without a token file");
    }
}
