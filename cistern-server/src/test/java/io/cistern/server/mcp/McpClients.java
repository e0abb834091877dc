package io.cistern.server.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The SDK's own MCP client over Streamable HTTP, with optional headers (token, namespace). */
public final class McpClients {

    private McpClients() {
    }

    public static McpSyncClient http(String baseUrl, Map<String, String> headers) {
        return http(baseUrl, headers, updated -> { });
    }

    public static McpSyncClient http(String baseUrl, Map<String, String> headers,
                                     Consumer<List<McpSchema.ResourceContents>> resourceUpdates) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl)
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .httpRequestCustomizer((request, method, uri, body, context) -> headers.forEach(request::header))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .resourcesUpdateConsumer(resourceUpdates)
                .clientInfo(new McpSchema.Implementation("cistern-test", "1")).build();
        client.initialize();
        return client;
    }

    public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }
}
