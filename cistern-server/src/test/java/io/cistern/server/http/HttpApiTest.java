package io.cistern.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.server.RunningServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API of a real server through the JDK's HTTP client. */
class HttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sessionsTurnsIdempotencyPagingLineageOperationsStatistics() throws Exception {
        try (RunningServer s = RunningServer.on(dir)) {
            HttpResponse<String> created = s.post("/v1/sessions", "{\"namespace\":\"team\",\"agent\":\"bot\",\"tags\":[\"a\"]}");
            assertThat(created.statusCode()).isEqualTo(201);
            String sessionId = JSON.readTree(created.body()).get("id").asText();
            assertThat(created.headers().firstValue("Location")).contains("/v1/sessions/" + sessionId + "/turns");
            String turns = "/v1/sessions/" + sessionId + "/turns";

            HttpResponse<String> first = s.post(turns, "{\"role\":\"user\",\"content\":\"hello\",\"agent\":\"bot\"}",
                    "Idempotency-Key", "retry-1");
            assertThat(first.statusCode()).isEqualTo(201);
            HttpResponse<String> retried = s.post(turns, "{\"role\":\"user\",\"content\":\"hello\",\"agent\":\"bot\"}",
                    "Idempotency-Key", "retry-1");
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(retried.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(JSON.readTree(retried.body()).get("id")).isEqualTo(JSON.readTree(first.body()).get("id"));
            HttpResponse<String> misused = s.post(turns, "{\"role\":\"user\",\"content\":\"other\"}", "Idempotency-Key", "retry-1");
            assertThat(misused.statusCode()).isEqualTo(422);
            assertThat(misused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

            HttpResponse<String> answer = s.post(turns, "{\"role\":\"assistant\",\"content\":\"hi\",\"agent\":\"bot\"}");
            String responseId = JSON.readTree(answer.body()).get("id").asText();
            for (int i = 0; i < 3; i++) {
                s.post(turns, "{\"role\":\"user\",\"content\":\"more " + i + "\",\"agent\":\"bot\"}");
            }
            JsonNode page1 = JSON.readTree(s.get(turns + "?limit=2").body());
            assertThat(page1.get("turns")).hasSize(2);
            assertThat(page1.get("nextAfter").asLong()).isEqualTo(2);
            JsonNode page2 = JSON.readTree(s.get(turns + "?after=2&limit=2").body());
            assertThat(page2.get("turns").get(0).get("seq").asLong()).isEqualTo(3);
            JsonNode page3 = JSON.readTree(s.get(turns + "?after=4&limit=2").body());
            assertThat(page3.get("turns")).hasSize(1);
            assertThat(page3.get("nextAfter").isNull()).isTrue();

            JsonNode lineage = JSON.readTree(s.get("/v1/responses/" + responseId + "/lineage").body());
            assertThat(lineage.get("prompt").get("content").asText()).isEqualTo("hello");
            JsonNode ops = JSON.readTree(s.get("/v1/agents/bot/operations?namespace=team&limit=3").body());
            assertThat(ops.get("operations")).hasSize(3);
            assertThat(ops.get("operations").get(0).get("status").asText()).isEqualTo("committed");
            JsonNode stats = JSON.readTree(s.get("/v1/statistics").body());
            assertThat(stats.get("nodes").get("prompt").asLong()).isEqualTo(4);
            assertThat(stats.get("pools").has("writer")).isTrue();
        }
    }

    @Test
    void errorsAreProblemDetailsWithTheStatusAClientExpects() throws Exception {
        try (RunningServer s = RunningServer.on(dir)) {
            assertProblem(s.post("/v1/sessions", "{not json"), 400, "not valid JSON");
            assertProblem(s.post("/v1/sessions", "[1,2]"), 400, "one JSON object");
            assertProblem(s.post("/v1/sessions", "{\"namespace\":\"bad namespace\"}"), 400, "namespace = 'bad namespace'");
            assertProblem(s.post("/v1/sessions/nope/turns", "{\"role\":\"user\",\"content\":\"x\"}"), 404, "session 'nope' does not exist");
            assertProblem(s.get("/v1/unknown"), 404, "no route");
            assertProblem(s.get("/v1/sessions"), 405, "GET is not allowed");
            assertThat(s.get("/v1/sessions").headers().firstValue("Allow")).contains("POST");
            String session = JSON.readTree(s.post("/v1/sessions", "{}").body()).get("id").asText();
            assertProblem(s.post("/v1/sessions/" + session + "/turns", "{\"role\":\"robot\",\"content\":\"x\"}"), 400,
                    "role = 'robot' is not allowed; allowed: user, assistant");
            assertProblem(s.post("/v1/sessions/" + session + "/turns", "{\"role\":\"assistant\",\"content\":\"x\"}"), 400,
                    "has no prompt to answer");
            assertProblem(s.get("/v1/sessions/" + session + "/turns?limit=0"), 400, "limit = 0 is not allowed");
            assertProblem(s.post("/v1/sessions/" + session + "/turns", "{\"role\":\"user\",\"content\":\"" + "x".repeat(300_000) + "\"}"),
                    400, "content of 300000 characters is not allowed");
            assertProblem(s.post("/v1/sessions", "{\"agent\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}"), 413, "at most 1048576 bytes");
            HttpResponse<String> notJson = s.http.send(HttpRequest.newBuilder(URI.create(s.url("/v1/sessions")))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(notJson, 415, "Content-Type = 'text/plain' is not allowed");
            assertProblem(s.get("/nothing-here"), 404, "no resource at /nothing-here");
            assertThat(s.get("/v1/sessions/" + session + "/turns").statusCode()).as("nothing was written by the bad requests")
                    .isEqualTo(200);
            assertThat(JSON.readTree(s.get("/v1/sessions/" + session + "/turns").body()).get("turns")).isEmpty();
        }
    }

    @Test
    void openApiHealthAndMetrics() throws Exception {
        try (RunningServer s = RunningServer.on(dir)) {
            JsonNode doc = JSON.readTree(s.get("/openapi.json").body());
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            assertThat(doc.get("paths").has("/v1/sessions/{id}/turns")).isTrue();
            HttpResponse<String> live = s.get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(live.body()).get("virtualThreads").asBoolean())
                    .as("requests on virtual threads exactly where the JDK has them")
                    .isEqualTo(Runtime.version().feature() >= 21);
            HttpResponse<String> ready = s.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode r = JSON.readTree(ready.body());
            assertThat(r.get("status").asText()).isEqualTo("UP");
            assertThat(r.has("pools") && r.has("limiter") && r.has("cache")).isTrue();
            s.post("/v1/sessions", "{}");
            String metrics = s.get("/metrics").body();
            assertThat(metrics).contains("cistern_http_requests_seconds_count{method=\"POST\",route=\"/v1/sessions\",status=\"201\"}",
                    "cistern_pool_active{role=\"writer\"}", "cistern_limiter_operations_total", "cistern_cache_hits_total");
        }
    }

    @Test
    void notReadyWhenTheStoreCannotWrite() throws Exception {
        try (RunningServer s = RunningServer.on(dir)) {
            s.store.close();
            HttpResponse<String> ready = s.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("DOWN");
            assertThat(s.get("/health/live").statusCode()).isEqualTo(200);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detailPart) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).contains(detailPart);
    }
}
