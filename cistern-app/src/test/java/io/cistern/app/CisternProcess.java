package io.cistern.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code cistern serve} in a child JVM on this test's class path, as a user would run it. */
public final class CisternProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (https?://[0-9.:\\[\\]]+)");

    public final Process process;
    final Path stderr;
    public final String baseUrl;

    private CisternProcess(Process process, Path stderr, String baseUrl) {
        this.process = process;
        this.stderr = stderr;
        this.baseUrl = baseUrl;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CisternCommand.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static CisternProcess serve(Path logDir, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
        all.addAll(List.of(args));
        Path err = Files.createTempFile(logDir, "serve", ".err");
        Process p = new ProcessBuilder(command(all.toArray(String[]::new))).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8));
            if (m.find()) {
                return new CisternProcess(p, err, m.group(1));
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("serve exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IllegalStateException("serve did not start in 60 s: " + Files.readString(err));
    }

    public String errors() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
