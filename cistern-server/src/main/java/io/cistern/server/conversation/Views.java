package io.cistern.server.conversation;

import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.Lineage;
import io.cistern.memory.store.LoggedOperation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.StoreStatistics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON objects both front doors answer with: plain maps, times as ISO-8601. */
public final class Views {

    private Views() {
    }

    /** @return a session */
    public static Map<String, Object> session(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("namespace", s.namespace());
        m.put("createdAt", s.createdAt().toString());
        m.put("metadata", s.metadata());
        m.put("tags", s.tags());
        return m;
    }

    /** @return a lineage: the response, its prompt, earlier prompts, templates and tools */
    public static Map<String, Object> lineage(Lineage l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("response", Map.of("id", l.response().id(), "content", l.response().content(),
                "createdAt", l.response().createdAt().toString(), "promptId", l.response().promptId()));
        m.put("prompt", prompt(l.prompt()));
        m.put("earlierPrompts", l.earlierPrompts().stream().map(Views::prompt).toList());
        m.put("templates", l.templates().stream().map(t -> Map.of("id", t.id(), "name", t.name(), "version", t.version())).toList());
        m.put("tools", l.tools().stream().map(Views::tool).toList());
        return m;
    }

    /** @return an operation log entry */
    public static Map<String, Object> operation(LoggedOperation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("namespace", o.namespace());
        m.put("agentId", o.agentId());
        m.put("sessionId", o.sessionId());
        m.put("operation", o.operation());
        m.put("status", o.status().name().toLowerCase(Locale.ROOT));
        m.put("contentHash", o.contentHash());
        m.put("recordedAt", o.recordedAt().toString());
        m.put("finishedAt", o.finishedAt() == null ? null : o.finishedAt().toString());
        m.put("detail", o.detail());
        return m;
    }

    /** @return node and edge counts, operations, bytes, limiter and cache figures */
    public static Map<String, Object> statistics(MemoryStore store) {
        StoreStatistics s = store.statistics();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> nodes = new LinkedHashMap<>();
        s.nodes().forEach((k, v) -> nodes.put(k.code(), v));
        Map<String, Long> edges = new LinkedHashMap<>();
        s.edges().forEach((k, v) -> edges.put(k.code(), v));
        m.put("database", store.sqliteFile().isPresent() ? "sqlite" : "postgresql");
        m.put("nodes", nodes);
        m.put("totalNodes", s.totalNodes());
        m.put("edges", edges);
        m.put("totalEdges", s.totalEdges());
        m.put("operations", s.operations());
        m.put("storageBytes", s.storageBytes());
        return m;
    }

    private static Map<String, Object> prompt(Prompt p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("content", p.content());
        m.put("createdAt", p.createdAt().toString());
        m.put("templateId", p.templateId());
        m.put("model", p.parameters().model());
        return m;
    }

    private static Map<String, Object> tool(ToolInvocation t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("toolName", t.toolName());
        m.put("success", t.success());
        m.put("durationMillis", t.durationMillis());
        return m;
    }
}
