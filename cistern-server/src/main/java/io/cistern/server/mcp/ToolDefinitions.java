package io.cistern.server.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool definitions kept as JSON beside the classes: {@code memory-tools.json} is the reference
 * memory server's {@code tools/list} as it answers it (version noted in the file), with the cursor
 * fields added to {@code read_graph} and {@code search_nodes}; {@code conversation-tools.json} are
 * Cistern's own.
 */
final class ToolDefinitions {

    private ToolDefinitions() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, McpSchema.Tool> load(String resource) {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = ToolDefinitions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Map<String, Object> file = json.readValue(in, new TypeReference<Map<String, Object>>() { });
            Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
            for (Map<String, Object> t : (List<Map<String, Object>>) file.get("tools")) {
                Map<String, Object> a = (Map<String, Object>) t.get("annotations");
                McpSchema.Tool.Builder b = McpSchema.Tool.builder()
                        .name((String) t.get("name"))
                        .title((String) t.get("title"))
                        .description((String) t.get("description"))
                        .inputSchema((Map<String, Object>) t.get("inputSchema"))
                        .annotations(new McpSchema.ToolAnnotations(null, (Boolean) a.get("readOnlyHint"),
                                (Boolean) a.get("destructiveHint"), (Boolean) a.get("idempotentHint"),
                                (Boolean) a.get("openWorldHint"), null));
                if (t.get("outputSchema") != null) {
                    b.outputSchema((Map<String, Object>) t.get("outputSchema"));
                }
                tools.put((String) t.get("name"), b.build());
            }
            return tools;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
