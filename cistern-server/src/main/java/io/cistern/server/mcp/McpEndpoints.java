package io.cistern.server.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.memory.graph.KnowledgeGraph;
import io.cistern.server.conversation.Conversations;
import io.cistern.server.security.BearerAuthFilter;
import io.cistern.server.security.Grant;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Cistern's MCP server on one of the SDK's transports: stdio for {@code cistern mcp}, Streamable
 * HTTP for {@code /mcp} of {@code cistern serve}.
 */
public final class McpEndpoints {

    /** The server's name in the MCP handshake. */
    public static final String SERVER_NAME = "cistern-memory";
    /** Its version. */
    public static final String SERVER_VERSION = "0.1.0";

    private static final String GRANT = "cistern.grant";
    private static final String NAMESPACE = "cistern.namespace";

    private McpEndpoints() {
    }

    /** The Streamable HTTP endpoint: the servlet to mount and the server to close. */
    public record Http(HttpServletStreamableServerTransportProvider servlet, McpSyncServer server) {
    }

    /**
     * @param conversations the store's conversations
     * @param meters where tool timings go
     * @param in requests, one JSON-RPC message per line
     * @param out responses
     * @param namespace the namespace of every call
     * @return the running server (it serves until {@code in} ends) and its count of running tool calls
     */
    public static Stdio stdio(Conversations conversations, MeterRegistry meters, InputStream in, OutputStream out,
                              String namespace) {
        McpJsonMapper json = json();
        Caller caller = new Caller(Grant.EVERYTHING, namespace);
        ToolCalls calls = new ToolCalls(meters);
        McpSyncServer server = build(McpServer.sync(new StdioServerTransportProvider(json, in, out)).jsonMapper(json),
                conversations, calls, exchange -> caller);
        return new Stdio(server, calls::running);
    }

    /**
     * The stdio server, and how many tool calls it is running: when stdin ends, the calls already
     * read finish before the store closes, so none is cut off mid-write. (The SDK's transport stops
     * writing at the end of input, so their answers may not reach a client that closed stdin early.)
     *
     * @param server the server
     * @param toolCallsRunning tool calls started and not yet answered
     */
    public record Stdio(McpSyncServer server, IntSupplier toolCallsRunning) {
    }

    /**
     * @param conversations the store's conversations
     * @param meters where tool timings go
     * @param maxRequestBytes the largest JSON-RPC request
     * @return the endpoint; mount its servlet at {@code /mcp} behind {@link BearerAuthFilter}
     */
    public static Http http(Conversations conversations, MeterRegistry meters, int maxRequestBytes) {
        McpJsonMapper json = json();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint("/mcp")
                .maxRequestSize(maxRequestBytes)
                .contextExtractor(request -> McpTransportContext.create(Map.of(
                        GRANT, request.getAttribute(BearerAuthFilter.GRANT) instanceof Grant g ? g : new Grant("none", Map.of()),
                        NAMESPACE, BearerAuthFilter.namespaceOf(request))))
                .build();
        McpSyncServer server = build(McpServer.sync(transport).jsonMapper(json), conversations, new ToolCalls(meters), exchange -> {
            McpTransportContext context = exchange.transportContext();
            return new Caller((Grant) context.get(GRANT), (String) context.get(NAMESPACE));
        });
        return new Http(transport, server);
    }

    private static McpSyncServer build(McpServer.SyncSpecification<?> spec, Conversations conversations, ToolCalls calls,
                                       Function<McpSyncServerExchange, Caller> callers) {
        // the tools exist before the server they notify: subscribers of the resource hear of each change
        AtomicReference<McpSyncServer> built = new AtomicReference<>();
        Runnable graphChanged = () -> {
            McpSyncServer server = built.get();
            if (server != null) {
                try {
                    server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(MemoryTools.RESOURCE_URI));
                } catch (RuntimeException e) {
                    // a subscriber that went away; the write itself succeeded
                }
            }
        };
        MemoryTools memory = new MemoryTools(KnowledgeGraph.on(conversations.store()), callers, calls, graphChanged);
        ConversationTools conversation = new ConversationTools(conversations, callers, calls);
        McpSyncServer server = spec.serverInfo(SERVER_NAME, SERVER_VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(true, true).build())
                .tools(memory.tools())
                .tools(conversation.tools())
                .resources(memory.resource())
                .build();
        built.set(server);
        return server;
    }

    private static McpJsonMapper json() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }
}
