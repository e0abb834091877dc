package io.cistern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.memory.model.NodeKind;
import io.cistern.server.mcp.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N concurrent clients appending and reading through HTTP and through MCP (Streamable HTTP) at
 * once, on one SQLite store, loopback, bounded counts: zero errors, every append stored. The
 * figures (throughput, p50, p99 per front door) go to stdout and target/load-figures.txt; they are
 * a record of one run on a shared machine, not a benchmark (that belongs in cistern-bench).
 */
class LoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int HTTP_CLIENTS = 16;
    static final int HTTP_ROUNDS = 40;
    static final int MCP_CLIENTS = 8;
    static final int MCP_ROUNDS = 25;

    @TempDir
    Path dir;

    @Test
    void concurrentClientsOverHttpAndMcpWithoutErrors() throws Exception {
        try (RunningServer s = RunningServer.on(dir)) {
            ConcurrentLinkedQueue<Long> httpNanos = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> mcpNanos = new ConcurrentLinkedQueue<>();
            AtomicInteger errors = new AtomicInteger();
            List<String> httpSessions = new ArrayList<>();
            for (int c = 0; c < HTTP_CLIENTS; c++) {
                httpSessions.add(JSON.readTree(s.post("/v1/sessions", "{\"agent\":\"load\"}").body()).get("id").asText());
            }
            List<McpSyncClient> mcp = new ArrayList<>();
            for (int c = 0; c < MCP_CLIENTS; c++) {
                mcp.add(McpClients.http(s.server.baseUrl(), Map.of()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(HTTP_CLIENTS + MCP_CLIENTS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < HTTP_CLIENTS; c++) {
                String session = httpSessions.get(c);
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < HTTP_ROUNDS; i++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = s.post("/v1/sessions/" + session + "/turns",
                                "{\"role\":\"user\",\"agent\":\"load\",\"content\":\"turn " + i + "\"}");
                        httpNanos.add(System.nanoTime() - t0);
                        if (r.statusCode() != 201) {
                            errors.incrementAndGet();
                        }
                        t0 = System.nanoTime();
                        HttpResponse<String> page = s.get("/v1/sessions/" + session + "/turns?after=" + Math.max(0, i - 5) + "&limit=10");
                        httpNanos.add(System.nanoTime() - t0);
                        if (page.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (McpSyncClient client : mcp) {
                running.add(pool.submit(() -> {
                    start.await();
                    String session = (String) ((Map<?, ?>) McpClients.call(client, "start_session", Map.of("agent", "mcp-load"))
                            .structuredContent()).get("id");
                    for (int i = 0; i < MCP_ROUNDS; i++) {
                        long t0 = System.nanoTime();
                        McpSchema.CallToolResult a = McpClients.call(client, "append_turn", Map.of("sessionId", session,
                                "role", "user", "content", "mcp turn " + i, "agent", "mcp-load"));
                        mcpNanos.add(System.nanoTime() - t0);
                        t0 = System.nanoTime();
                        McpSchema.CallToolResult r = McpClients.call(client, "recent_turns", Map.of("sessionId", session, "limit", 5));
                        mcpNanos.add(System.nanoTime() - t0);
                        if (Boolean.TRUE.equals(a.isError()) || Boolean.TRUE.equals(r.isError())) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> f : running) {
                try {
                    f.get(300, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    errors.incrementAndGet();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            pool.shutdown();
            mcp.forEach(McpSyncClient::close);

            assertThat(errors.get()).isZero();
            assertThat(httpNanos).hasSize(HTTP_CLIENTS * HTTP_ROUNDS * 2);
            assertThat(mcpNanos).hasSize(MCP_CLIENTS * MCP_ROUNDS * 2);
            long stored = s.store.statistics().nodes().get(NodeKind.PROMPT);
            assertThat(stored).isEqualTo((long) HTTP_CLIENTS * HTTP_ROUNDS + (long) MCP_CLIENTS * MCP_ROUNDS);

            String figures = String.format(Locale.ROOT,
                    "load (%s, JDK %s, shared 2-core machine): %d HTTP clients x %d rounds (append + page read), "
                            + "%d MCP clients x %d rounds (append_turn + recent_turns), concurrently, SQLite, loopback%n"
                            + "  total %.1f s, %.0f requests/s overall, 0 errors%n"
                            + "  HTTP: %d requests, p50 %.2f ms, p99 %.2f ms%n"
                            + "  MCP:  %d tool calls, p50 %.2f ms, p99 %.2f ms%n",
                    System.getProperty("os.arch"), System.getProperty("java.version"), HTTP_CLIENTS, HTTP_ROUNDS, MCP_CLIENTS,
                    MCP_ROUNDS, seconds, (httpNanos.size() + mcpNanos.size()) / seconds,
                    httpNanos.size(), pct(httpNanos, 0.50), pct(httpNanos, 0.99),
                    mcpNanos.size(), pct(mcpNanos, 0.50), pct(mcpNanos, 0.99));
            System.out.print(figures);
            Files.writeString(Path.of("target", "load-figures.txt"), figures);
        }
    }

    private static double pct(ConcurrentLinkedQueue<Long> nanos, double q) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
