package io.cistern.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cistern.server.RunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium}) against a running server with
 * traffic: after a virtual-time budget of several poll intervals the DOM shows the store, ready,
 * several updates and charts with that many points. A screenshot is left in target/.
 */
class DashboardChromiumTest {

    @TempDir
    Path dir;

    @Test
    void theChartsUpdateWhileYouWatch() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "skipped: no chromium on PATH (apt-get install -y chromium; .ci/run installs it)");
        try (RunningServer s = RunningServer.on(dir)) {
            for (int i = 0; i < 20; i++) {
                s.post("/v1/sessions", "{}");
            }
            Thread traffic = new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000 && !Thread.currentThread().isInterrupted(); i++) {
                        s.get("/health/live");
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    Thread.currentThread().interrupt();
                }
            });
            traffic.start();
            String dom = run(chromium.get(), "--virtual-time-budget=6000", "--dump-dom", s.url("/"));

            assertThat(dom).contains("<span id=\"ready\" class=\"status UP\">UP</span>");
            assertThat(dom).contains("SQLite " + dir.toAbsolutePath().normalize().resolve("cistern-memory.db"));
            int samples = Integer.parseInt(group(dom, "<span id=\"samples\">(\\d+)</span>"));
            assertThat(samples).as("polls seen").isGreaterThanOrEqualTo(3);
            for (String chart : List.of("chart-rate", "chart-latency", "chart-pool", "chart-limiter", "chart-cache")) {
                assertThat(Integer.parseInt(group(dom, "id=\"" + chart + "\"[^>]*data-points=\"(\\d+)\"")))
                        .as(chart + " points").isEqualTo(samples);
            }
            assertThat(group(dom, "<div class=\"figure\" id=\"pool-use\">([^<]+)</div>")).contains("writer", "readers");
            assertThat(dom).contains("<td>PRIMARY (single database)</td>");

            Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(chromium.get(), "--virtual-time-budget=8000", "--window-size=1280,560", "--screenshot=" + shot, s.url("/"));
            traffic.interrupt();
            traffic.join();
            assertThat(shot).exists();
        }
    }

    private String run(Path chromium, String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("DOM contains " + regex).isTrue();
        return m.group(1);
    }

    private static Optional<Path> chromium() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dirName, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
