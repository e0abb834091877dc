package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cistern mcp} over stdio, driven by the MCP Java SDK's client, side by side with the
 * reference memory server driven the same way: the same tool definitions (Cistern adds only the
 * cursor fields) and, for one sequence of calls, the same results.
 */
@SuppressWarnings("unchecked")
class McpStdioComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void cisternAnswersAClientOfTheReferenceServerAsTheReferenceDoes() throws Exception {
        Optional<Path> reference = ReferenceMemoryServer.install();
        assumeTrue(reference.isPresent(), "skipped: node/npm missing or `npm install @modelcontextprotocol/server-memory@"
                + ReferenceMemoryServer.VERSION + "` failed (see target/npm/install.log)");
        ServerParameters ref = ServerParameters.builder("node").args(reference.get().toString())
                .addEnvVar("MEMORY_FILE_PATH", dir.resolve("reference.jsonl").toString()).build();
        List<String> cmd = CisternProcess.command("mcp", "--data-dir", dir.resolve("cistern").toString());
        ServerParameters cistern = ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();

        try (McpSyncClient r = client(ref); McpSyncClient c = client(cistern)) {
            // tool definitions: identical, but for the cursor fields Cistern adds beside the reference's
            Map<String, McpSchema.Tool> refTools = byName(r.listTools().tools());
            Map<String, McpSchema.Tool> ourTools = byName(c.listTools().tools());
            assertThat(ourTools.keySet()).containsAll(refTools.keySet());
            for (McpSchema.Tool rt : refTools.values()) {
                McpSchema.Tool ot = ourTools.get(rt.name());
                assertThat(ot.description()).as(rt.name()).isEqualTo(rt.description());
                assertThat(ot.title()).as(rt.name()).isEqualTo(rt.title());
                assertThat(ot.annotations().readOnlyHint()).isEqualTo(rt.annotations().readOnlyHint());
                assertThat(ot.annotations().destructiveHint()).isEqualTo(rt.annotations().destructiveHint());
                JsonNode ours = withoutCursor(JSON.valueToTree(ot.inputSchema()), "cursor");
                assertThat(ours).as(rt.name() + " input schema").isEqualTo(JSON.valueToTree(rt.inputSchema()));
                JsonNode ourOut = withoutCursor(JSON.valueToTree(ot.outputSchema()), "nextCursor");
                assertThat(ourOut).as(rt.name() + " output schema").isEqualTo(JSON.valueToTree(rt.outputSchema()));
            }

            List<Object[]> calls = List.of(
                    call("create_entities", Map.of("entities", List.of(
                            entity("Ada Lovelace", "person", "wrote the first program", "was a countess"),
                            entity("Analytical Engine", "machine", "designed by Babbage"),
                            entity("Charles Babbage", "person")))),
                    call("create_entities", Map.of("entities", List.of(entity("Ada Lovelace", "robot"), entity("Menabrea", "person")))),
                    call("create_relations", Map.of("relations", List.of(
                            relation("Ada Lovelace", "Analytical Engine", "programmed"),
                            relation("Charles Babbage", "Analytical Engine", "designed"),
                            relation("Menabrea", "Nobody", "met")))),
                    call("create_relations", Map.of("relations", List.of(relation("Ada Lovelace", "Analytical Engine", "programmed")))),
                    call("add_observations", Map.of("observations", List.of(
                            Map.of("entityName", "Ada Lovelace", "contents", List.of("was a countess", "translated Menabrea")),
                            Map.of("entityName", "Charles Babbage", "contents", List.of("Lucasian Professor"))))),
                    call("add_observations", Map.of("observations", List.of(
                            Map.of("entityName", "Charles Babbage", "contents", List.of("lost")),
                            Map.of("entityName", "Ghost", "contents", List.of("boo"))))),
                    call("search_nodes", Map.of("query", "COUNTESS")),
                    call("search_nodes", Map.of("query", "engine")),
                    call("open_nodes", Map.of("names", List.of("Analytical Engine", "Ghost"))),
                    call("delete_observations", Map.of("deletions", List.of(
                            Map.of("entityName", "Ada Lovelace", "observations", List.of("was a countess", "never said")),
                            Map.of("entityName", "Ghost", "observations", List.of("boo"))))),
                    call("delete_relations", Map.of("relations", List.of(relation("Menabrea", "Nobody", "met")))),
                    call("delete_entities", Map.of("entityNames", List.of("Charles Babbage", "Ghost"))),
                    call("read_graph", Map.of()),
                    call("open_nodes", Map.of("names", List.of("Ada Lovelace", "Menabrea"))));
            List<String> compared = new ArrayList<>();
            for (Object[] call : calls) {
                McpSchema.CallToolRequest request = new McpSchema.CallToolRequest((String) call[0], (Map<String, Object>) call[1]);
                McpSchema.CallToolResult expected = r.callTool(request);
                McpSchema.CallToolResult actual = c.callTool(request);
                String what = call[0] + " " + call[1];
                assertThat(Boolean.TRUE.equals(actual.isError())).as(what).isEqualTo(Boolean.TRUE.equals(expected.isError()));
                if (Boolean.TRUE.equals(expected.isError())) {
                    assertThat(text(actual)).as(what).isEqualTo(text(expected));
                } else {
                    assertThat(expected.structuredContent()).as(what + ": the reference answers structured content").isNotNull();
                    JsonNode actualStructured = JSON.valueToTree(actual.structuredContent());
                    JsonNode expectedStructured = JSON.valueToTree(expected.structuredContent());
                    assertThat(actualStructured).as(what).isEqualTo(expectedStructured);
                    JsonNode expectedText = parseOrText(text(expected));
                    assertThat(parseOrText(text(actual))).as(what + " (text content)").isEqualTo(expectedText);
                }
                compared.add((String) call[0]);
            }
            assertThat(compared).hasSize(calls.size());

            JsonNode refResource = JSON.readTree(((McpSchema.TextResourceContents) r.readResource(
                    new McpSchema.ReadResourceRequest("memory://knowledge-graph")).contents().get(0)).text());
            JsonNode ourResource = JSON.readTree(((McpSchema.TextResourceContents) c.readResource(
                    new McpSchema.ReadResourceRequest("memory://knowledge-graph")).contents().get(0)).text());
            assertThat(ourResource).isEqualTo(refResource);
        }
    }

    /**
     * The reference's issues #4797, #1819, #2579: two processes on one memory file lose creates.
     * Two {@code cistern mcp} processes on one data directory keep all 200; the reference's count
     * in the same run is printed beside it, for the record.
     */
    @Test
    void twoProcessesOnOneDataDirectoryKeepEveryCreate() throws Exception {
        List<String> cmd = CisternProcess.command("mcp", "--data-dir", dir.resolve("shared").toString());
        ServerParameters cistern = ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
        int ours = createFromTwoProcesses(cistern, cistern, 100);
        assertThat(ours).isEqualTo(200);
        Optional<Path> reference = ReferenceMemoryServer.install();
        if (reference.isPresent()) {
            ServerParameters ref = ServerParameters.builder("node").args(reference.get().toString())
                    .addEnvVar("MEMORY_FILE_PATH", dir.resolve("shared.jsonl").toString()).build();
            System.out.println("two processes x 100 acknowledged create_entities: Cistern stored " + ours
                    + ", the reference stored " + createFromTwoProcesses(ref, ref, 100));
        }
    }

    private static int createFromTwoProcesses(ServerParameters a, ServerParameters b, int each) throws Exception {
        try (McpSyncClient first = client(a); McpSyncClient second = client(b)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> done = new ArrayList<>();
            int p = 0;
            for (McpSyncClient c : List.of(first, second)) {
                String prefix = "p" + p++ + "-";
                done.add(pool.submit(() -> {
                    int acknowledged = 0;
                    for (int i = 0; i < each; i++) {
                        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("create_entities", Map.of("entities",
                                List.of(entity(prefix + i, "test")))));
                        if (!Boolean.TRUE.equals(r.isError())) {
                            acknowledged++;
                        }
                    }
                    return acknowledged;
                }));
            }
            int acknowledged = 0;
            for (Future<Integer> f : done) {
                acknowledged += f.get(300, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(acknowledged).isEqualTo(2 * each);
            Map<String, Object> graph = (Map<String, Object>) first.callTool(new McpSchema.CallToolRequest("read_graph", Map.of()))
                    .structuredContent();
            return ((List<?>) graph.get("entities")).size();
        }
    }

    private static McpSyncClient client(ServerParameters params) {
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
        transport.setStdErrorHandler(line -> { });
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(90)).build();
        client.initialize();
        return client;
    }

    private static Map<String, McpSchema.Tool> byName(List<McpSchema.Tool> tools) {
        Map<String, McpSchema.Tool> m = new LinkedHashMap<>();
        tools.forEach(t -> m.put(t.name(), t));
        return m;
    }

    private static JsonNode withoutCursor(JsonNode schema, String field) {
        if (schema != null && schema.has("properties")) {
            ((ObjectNode) schema.get("properties")).remove(field);
        }
        return schema;
    }

    private static Object[] call(String tool, Map<String, Object> args) {
        return new Object[] {tool, args};
    }

    private static Map<String, Object> entity(String name, String type, String... observations) {
        return Map.of("name", name, "entityType", type, "observations", List.of(observations));
    }

    private static Map<String, Object> relation(String from, String to, String type) {
        return Map.of("from", from, "to", to, "relationType", type);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static JsonNode parseOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
