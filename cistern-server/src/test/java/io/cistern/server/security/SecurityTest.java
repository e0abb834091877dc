package io.cistern.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.server.CisternServer;
import io.cistern.server.RunningServer;
import io.cistern.server.ServerConfig;
import io.cistern.server.mcp.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens on the API and on MCP over HTTP, redaction, loopback-only without tokens, TLS. */
class SecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void tokensGrantNamespacesReadOrReadWrite() throws Exception {
        String[] writer = Tokens.newToken("writer", "team=rw");
        String[] reader = Tokens.newToken("reader", "team=r");
        Tokens tokens = Tokens.parse(writer[1] + "\n# a comment\n" + reader[1], "test tokens");
        assertThat(writer[1]).doesNotContain(writer[0]);
        try (RunningServer s = RunningServer.on(dir, tokens)) {
            String body = "{\"namespace\":\"team\"}";
            HttpResponse<String> none = s.post("/v1/sessions", body);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            HttpResponse<String> wrong = s.post("/v1/sessions", body, "Authorization", "Bearer not-a-token-xyz");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("not-a-token-xyz");
            HttpResponse<String> readOnly = s.post("/v1/sessions", body, "Authorization", "Bearer " + reader[0]);
            assertThat(readOnly.statusCode()).isEqualTo(403);
            assertThat(readOnly.body()).contains("only read access").doesNotContain(reader[0]);
            HttpResponse<String> otherNs = s.post("/v1/sessions", "{\"namespace\":\"elsewhere\"}", "Authorization", "Bearer " + writer[0]);
            assertThat(otherNs.statusCode()).isEqualTo(403);
            HttpResponse<String> ok = s.post("/v1/sessions", body, "Authorization", "Bearer " + writer[0]);
            assertThat(ok.statusCode()).isEqualTo(201);
            String session = JSON.readTree(ok.body()).get("id").asText();
            assertThat(s.get("/v1/sessions/" + session + "/turns", "Authorization", "Bearer " + reader[0]).statusCode()).isEqualTo(200);
            assertThat(s.post("/v1/sessions/" + session + "/turns", "{\"role\":\"user\",\"content\":\"x\"}",
                    "Authorization", "Bearer " + reader[0]).statusCode()).isEqualTo(403);

            // MCP over HTTP: 401 without a token, 403 outside the token's namespaces, tool error for a write on read
            HttpResponse<String> mcpNone = s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                    "Accept", "application/json, text/event-stream");
            assertThat(mcpNone.statusCode()).isEqualTo(401);
            HttpResponse<String> mcpOtherNs = s.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                    "Accept", "application/json, text/event-stream", "Authorization", "Bearer " + writer[0],
                    "Cistern-Namespace", "elsewhere");
            assertThat(mcpOtherNs.statusCode()).isEqualTo(403);
            try (McpSyncClient client = McpClients.http(s.server.baseUrl(),
                    Map.of("Authorization", "Bearer " + reader[0], "Cistern-Namespace", "team"))) {
                McpSchema.CallToolResult denied = McpClients.call(client, "create_entities",
                        Map.of("entities", List.of(Map.of("name", "x", "entityType", "t", "observations", List.of()))));
                assertThat(denied.isError()).isTrue();
                assertThat(((McpSchema.TextContent) denied.content().get(0)).text()).contains("only read access to namespace 'team'");
                assertThat(McpClients.call(client, "read_graph", Map.of()).isError()).isNotEqualTo(Boolean.TRUE);
            }
            try (McpSyncClient client = McpClients.http(s.server.baseUrl(),
                    Map.of("Authorization", "Bearer " + writer[0], "Cistern-Namespace", "team"))) {
                assertThat(McpClients.call(client, "create_entities", Map.of("entities",
                        List.of(Map.of("name", "x", "entityType", "t", "observations", List.of())))).isError()).isNotEqualTo(Boolean.TRUE);
            }

            // no token anywhere the server shows things
            for (String path : List.of("/metrics", "/dashboard/data", "/health/ready", "/")) {
                String shown = s.get(path).body();
                assertThat(shown).as(path).doesNotContain(writer[0]).doesNotContain(reader[0]);
            }
        }
    }

    @Test
    void tokenFilesHoldHashesAndSayWhatIsWrong() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "agent sha256:" + "ab".repeat(32) + " default=rw,shared=r\n");
        assertThat(Tokens.fromFile(file).size()).isEqualTo(1);
        Files.writeString(file, "agent cst_plain_token default=rw\n");
        assertThatThrownBy(() -> Tokens.fromFile(file)).hasMessageContaining("line 1: the hash is not allowed")
                .hasMessageNotContaining("cst_plain_token");
        Files.writeString(file, "agent sha256:" + "ab".repeat(32) + " default=write\n");
        assertThatThrownBy(() -> Tokens.fromFile(file)).hasMessageContaining("grant 'default=write' is not allowed");
        assertThatThrownBy(() -> Tokens.parse("# nothing\n", "CISTERN_TOKENS")).hasMessageContaining("holds no token");
        assertThat(Redaction.clean("jdbc:postgresql://h/db?user=u&password=s3cret failed, Bearer abc.def"))
                .doesNotContain("s3cret").doesNotContain("abc.def");
        assertThat(Redaction.clean("postgresql://u:pw@host/db")).doesNotContain(":pw@");
    }

    @Test
    void withoutTokensOnlyLoopback() {
        assertThatThrownBy(() -> ServerConfig.builder().host("0.0.0.0").build())
                .hasMessageContaining("host = 0.0.0.0 is not allowed without a token file");
        Tokens tokens = Tokens.parse(Tokens.newToken("a", "*=rw")[1], "t");
        assertThat(ServerConfig.builder().host("0.0.0.0").tokens(tokens).build().isLoopback()).isFalse();
    }

    @Test
    void tlsFromPkcs12() throws Exception {
        Path p12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "cistern", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir.resolve("data")).build());
             CisternServer server = CisternServer.start(store, ServerConfig.builder().port(0).tls(p12, "changeit").build())) {
            assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> live = https.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
        }
    }
}
