package io.cistern.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.server.RunningServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.cistern.memory.graph.KnowledgeGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's MCP client against /mcp of a real server: the memory tools, the resource, the conversation tools. */
@SuppressWarnings("unchecked")
class McpHttpTest {

    @TempDir
    Path dir;

    @Test
    void theReferenceToolsAndTheConversationToolsOverStreamableHttp() {
        try (RunningServer s = RunningServer.on(dir);
             McpSyncClient client = McpClients.http(s.server.baseUrl(), Map.of())) {
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).containsExactlyInAnyOrder("create_entities", "create_relations", "add_observations",
                    "delete_entities", "delete_observations", "delete_relations", "read_graph", "search_nodes", "open_nodes",
                    "start_session", "append_turn", "recent_turns", "response_lineage", "operation_log");

            McpSchema.CallToolResult created = McpClients.call(client, "create_entities", Map.of("entities", List.of(
                    Map.of("name", "Ada", "entityType", "person", "observations", List.of("wrote programs")),
                    Map.of("name", "Engine", "entityType", "machine", "observations", List.of()))));
            assertThat(created.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat((Map<String, Object>) created.structuredContent()).containsKey("entities");
            McpClients.call(client, "create_relations", Map.of("relations",
                    List.of(Map.of("from", "Ada", "to", "Engine", "relationType", "programmed"))));
            McpSchema.CallToolResult missing = McpClients.call(client, "add_observations", Map.of("observations",
                    List.of(Map.of("entityName", "Ghost", "contents", List.of("x")))));
            assertThat(missing.isError()).isTrue();
            assertThat(((McpSchema.TextContent) missing.content().get(0)).text()).isEqualTo("Entity with name Ghost not found");

            Map<String, Object> graph = (Map<String, Object>) McpClients.call(client, "read_graph", Map.of()).structuredContent();
            assertThat((List<?>) graph.get("entities")).hasSize(2);
            assertThat((List<?>) graph.get("relations")).hasSize(1);
            assertThat(graph).doesNotContainKey("nextCursor");

            McpSchema.ReadResourceResult resource = client.readResource(new McpSchema.ReadResourceRequest("memory://knowledge-graph"));
            assertThat(((McpSchema.TextResourceContents) resource.contents().get(0)).text()).contains("\"Ada\"", "programmed");

            Map<String, Object> session = (Map<String, Object>) McpClients.call(client, "start_session",
                    Map.of("agent", "planner", "tags", List.of("t"))).structuredContent();
            String sessionId = (String) session.get("id");
            Map<String, Object> prompt = (Map<String, Object>) McpClients.call(client, "append_turn", Map.of("sessionId", sessionId,
                    "role", "user", "content", "plan a trip", "agent", "planner", "idempotencyKey", "k1")).structuredContent();
            Map<String, Object> again = (Map<String, Object>) McpClients.call(client, "append_turn", Map.of("sessionId", sessionId,
                    "role", "user", "content", "plan a trip", "agent", "planner", "idempotencyKey", "k1")).structuredContent();
            assertThat(again.get("id")).isEqualTo(prompt.get("id"));
            assertThat(again.get("replayed")).isEqualTo(true);
            Map<String, Object> answer = (Map<String, Object>) McpClients.call(client, "append_turn", Map.of("sessionId", sessionId,
                    "role", "assistant", "content", "Lisbon", "agent", "planner")).structuredContent();
            assertThat(((Number) answer.get("seq")).intValue()).isEqualTo(2);

            Map<String, Object> recent = (Map<String, Object>) McpClients.call(client, "recent_turns",
                    Map.of("sessionId", sessionId, "limit", 10)).structuredContent();
            assertThat((List<Map<String, Object>>) recent.get("turns")).extracting(t -> t.get("content"))
                    .containsExactly("plan a trip", "Lisbon");
            Map<String, Object> lineage = (Map<String, Object>) McpClients.call(client, "response_lineage",
                    Map.of("responseId", answer.get("id"))).structuredContent();
            assertThat(((Map<String, Object>) lineage.get("prompt")).get("content")).isEqualTo("plan a trip");
            Map<String, Object> log = (Map<String, Object>) McpClients.call(client, "operation_log",
                    Map.of("agent", "planner", "sessionId", sessionId)).structuredContent();
            assertThat((List<Map<String, Object>>) log.get("operations")).extracting(o -> o.get("operation"))
                    .containsExactly("append_response", "append_prompt", "start_session");
        }
    }

    @Test
    void subscribersOfTheGraphResourceHearOfEveryChange() throws Exception {
        LinkedBlockingQueue<List<McpSchema.ResourceContents>> updates = new LinkedBlockingQueue<>();
        try (RunningServer s = RunningServer.on(dir);
             McpSyncClient client = McpClients.http(s.server.baseUrl(), Map.of(), updates::add)) {
            assertThat(client.initialize().capabilities().resources().subscribe()).isTrue();
            client.subscribeResource(new McpSchema.SubscribeRequest(MemoryTools.RESOURCE_URI));
            McpClients.call(client, "create_entities", Map.of("entities",
                    List.of(Map.of("name", "Ada", "entityType", "person", "observations", List.of()))));
            List<McpSchema.ResourceContents> updated = updates.poll(20, TimeUnit.SECONDS);
            assertThat(updated).as("an update after create_entities").isNotNull();
            assertThat(((McpSchema.TextResourceContents) updated.get(0)).text()).contains("\"Ada\"");
        }
    }

    @Test
    void readGraphPagesWithACursorBeyondTheDefaultPage() {
        try (RunningServer s = RunningServer.on(dir);
             McpSyncClient client = McpClients.http(s.server.baseUrl(), Map.of())) {
            List<Map<String, Object>> many = new ArrayList<>();
            for (int i = 0; i < KnowledgeGraph.DEFAULT_PAGE + 5; i++) {
                many.add(Map.of("name", "e" + i, "entityType", "t", "observations", List.of()));
            }
            McpClients.call(client, "create_entities", Map.of("entities", many));
            Map<String, Object> first = (Map<String, Object>) McpClients.call(client, "read_graph", Map.of()).structuredContent();
            assertThat((List<?>) first.get("entities")).hasSize(KnowledgeGraph.DEFAULT_PAGE);
            assertThat(first).containsKey("nextCursor");
            Map<String, Object> second = (Map<String, Object>) McpClients.call(client, "read_graph",
                    Map.of("cursor", first.get("nextCursor"))).structuredContent();
            assertThat((List<?>) second.get("entities")).hasSize(5);
            assertThat(second).doesNotContainKey("nextCursor");
        }
    }
}
