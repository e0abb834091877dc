package io.cistern.server;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.server.security.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real server on a fresh SQLite store in a test's directory, on a free loopback port. */
public final class RunningServer implements AutoCloseable {

    public final MemoryStore store;
    public final CisternServer server;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningServer(MemoryStore store, CisternServer server) {
        this.store = store;
        this.server = server;
    }

    public static RunningServer on(Path dir) {
        return on(dir, null);
    }

    public static RunningServer on(Path dir, Tokens tokens) {
        MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir).build());
        return new RunningServer(store, CisternServer.start(store, ServerConfig.builder().port(0).tokens(tokens).build()));
    }

    public String url(String path) {
        return server.baseUrl() + path;
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            store.close();
        }
    }
}
