package io.cistern.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cistern.memory.model.Session;
import io.cistern.memory.store.MemoryStoreException;
import io.cistern.server.conversation.ConversationException;
import io.cistern.server.conversation.Conversations;
import io.cistern.server.conversation.Turn;
import io.cistern.server.conversation.TurnRequest;
import io.cistern.server.conversation.Views;
import io.cistern.server.ops.RequestMetricsFilter;
import io.cistern.server.ops.StoreHealth;
import io.cistern.server.security.BearerAuthFilter;
import io.cistern.server.security.Grant;
import io.cistern.server.security.Redaction;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /v1}; {@code /openapi.json} documents it. Every error is a problem
 * detail: 400 bad JSON or value, 401/403 token, 404 no such route or resource, 405 wrong method
 * (with {@code Allow}), 413 body too large, 415 not JSON, 422 an idempotency key reused for
 * another turn, 503 store unavailable.
 */
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final int MAX_METADATA = 64;
    private static final int MAX_FIELD = 1_000;

    private final transient Conversations conversations;
    private final int maxBodyBytes;

    /** @param conversations the store's conversations @param maxBodyBytes the largest request body */
    public ApiServlet(Conversations conversations, int maxBodyBytes) {
        this.conversations = conversations;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            route(req, resp);
        } catch (Problem.Raised e) {
            e.problem().write(req, resp);
        } catch (ConversationException e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case FORBIDDEN -> 403;
                case CONFLICT -> 422;
            };
            String title = switch (e.kind()) {
                case NOT_FOUND -> "Not Found";
                case FORBIDDEN -> "Forbidden";
                case CONFLICT -> "Unprocessable Content";
            };
            Problem.of(status, title, e.getMessage()).write(req, resp);
        } catch (IllegalArgumentException e) {
            Problem.of(400, "Bad Request", e.getMessage()).write(req, resp);
        } catch (MemoryStoreException e) {
            String detail = Redaction.clean(e.getMessage());
            LOG.warn("{} {} failed: {}", req.getMethod(), req.getRequestURI(), detail);
            Problem.of(503, "Service Unavailable", "the store failed: " + detail).write(req, resp);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            Problem.of(500, "Internal Server Error", "the request failed inside the server; see its log").write(req, resp);
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> p = segments(req.getRequestURI());
        Grant grant = (Grant) req.getAttribute(BearerAuthFilter.GRANT);
        String method = req.getMethod();
        // p.get(0) is "v1"
        if (p.size() == 2 && p.get(1).equals("sessions")) {
            routeName(req, "/v1/sessions");
            allow(resp, method, "POST");
            startSession(req, resp, grant);
        } else if (p.size() == 4 && p.get(1).equals("sessions") && p.get(3).equals("turns")) {
            routeName(req, "/v1/sessions/{id}/turns");
            allow(resp, method, "GET", "POST");
            if (method.equals("POST")) {
                appendTurn(req, resp, grant, p.get(2));
            } else {
                Conversations.TurnPage page = conversations.turns(grant, p.get(2), longParam(req, "after", 0),
                        (int) longParam(req, "limit", 100));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("turns", page.turns().stream().map(Turn::toMap).toList());
                body.put("nextAfter", page.nextAfter());
                JsonBodies.write(resp, 200, body);
            }
        } else if (p.size() == 4 && p.get(1).equals("responses") && p.get(3).equals("lineage")) {
            routeName(req, "/v1/responses/{id}/lineage");
            allow(resp, method, "GET");
            JsonBodies.write(resp, 200, Views.lineage(conversations.lineage(grant, p.get(2), (int) longParam(req, "depth", 8))));
        } else if (p.size() == 4 && p.get(1).equals("agents") && p.get(3).equals("operations")) {
            routeName(req, "/v1/agents/{name}/operations");
            allow(resp, method, "GET");
            String namespace = req.getParameter("namespace") == null ? BearerAuthFilter.DEFAULT_NAMESPACE : req.getParameter("namespace");
            JsonBodies.write(resp, 200, Map.of("operations", conversations.operations(grant, namespace, p.get(2),
                    req.getParameter("session"), (int) longParam(req, "limit", 50)).stream().map(Views::operation).toList()));
        } else if (p.size() == 2 && p.get(1).equals("statistics")) {
            routeName(req, "/v1/statistics");
            allow(resp, method, "GET");
            Map<String, Object> body = new LinkedHashMap<>(Views.statistics(conversations.store()));
            body.putAll(StoreHealth.of(conversations.store()));
            JsonBodies.write(resp, 200, body);
        } else {
            routeName(req, "other");
            throw Problem.of(404, "Not Found", "no route " + req.getRequestURI() + "; see /openapi.json").raise();
        }
    }

    private void startSession(HttpServletRequest req, HttpServletResponse resp, Grant grant) throws IOException {
        JsonNode body = JsonBodies.readObject(req, maxBodyBytes);
        String namespace = text(body, "namespace", BearerAuthFilter.DEFAULT_NAMESPACE);
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode md = body.get("metadata");
        if (md != null && !md.isNull()) {
            if (!md.isObject() || md.size() > MAX_METADATA) {
                throw new IllegalArgumentException("metadata is not allowed; allowed: an object of at most " + MAX_METADATA
                        + " string values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = md.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                metadata.put(limited(e.getKey(), "metadata key"), limited(e.getValue().asText(), "metadata." + e.getKey()));
            }
        }
        List<String> tags = new ArrayList<>();
        JsonNode t = body.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isArray() || t.size() > MAX_METADATA) {
                throw new IllegalArgumentException("tags is not allowed; allowed: an array of at most " + MAX_METADATA + " strings");
            }
            t.forEach(tag -> tags.add(limited(tag.asText(), "tag")));
        }
        Session s = conversations.startSession(grant, namespace, text(body, "agent", null), metadata, tags);
        resp.setHeader("Location", "/v1/sessions/" + s.id() + "/turns");
        JsonBodies.write(resp, 201, Views.session(s));
    }

    private void appendTurn(HttpServletRequest req, HttpServletResponse resp, Grant grant, String sessionId) throws IOException {
        JsonNode body = JsonBodies.readObject(req, maxBodyBytes);
        TurnRequest turn = new TurnRequest(text(body, "role", null), body.hasNonNull("content") ? contentOf(body) : null,
                text(body, "agent", null), text(body, "model", null), text(body, "promptId", null));
        Conversations.Appended a = conversations.append(grant, sessionId, turn, req.getHeader("Idempotency-Key"));
        if (a.replayed()) {
            resp.setHeader("Idempotent-Replayed", "true");
        }
        JsonBodies.write(resp, a.replayed() ? 200 : 201, a.turn().toMap());
    }

    private static String contentOf(JsonNode body) {
        JsonNode c = body.get("content");
        if (!c.isTextual()) {
            throw new IllegalArgumentException("content is not allowed as " + c.getNodeType().name().toLowerCase(Locale.ROOT)
                    + "; allowed: a string");
        }
        return c.asText();
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " = " + v + " is not allowed; allowed: a string");
        }
        return limited(v.asText(), field);
    }

    private static String limited(String value, String field) {
        if (value.length() > MAX_FIELD) {
            throw new IllegalArgumentException(field + " of " + value.length() + " characters is not allowed; allowed: at most "
                    + MAX_FIELD);
        }
        return value;
    }

    private static long longParam(HttpServletRequest req, String name, long fallback) {
        String v = req.getParameter(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = '" + v + "' is not allowed; allowed: an integer", e);
        }
    }

    private static void allow(HttpServletResponse resp, String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        resp.setHeader("Allow", String.join(", ", allowed));
        throw Problem.of(405, "Method Not Allowed", method + " is not allowed here; allowed: " + String.join(", ", allowed))
                .raise();
    }

    private static void routeName(HttpServletRequest req, String route) {
        req.setAttribute(RequestMetricsFilter.ROUTE, route);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
