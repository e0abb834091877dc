package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.memory.store.SessionEntry;
import io.cistern.memory.store.StoreAccess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cistern serve} as separate processes: two on one SQLite data directory and two on one
 * PostgreSQL appending to one session keep one strict order; {@code kill -9} mid-load loses no
 * acknowledged append; SIGTERM stops cleanly. Loopback only, bounded counts.
 */
class ServeProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void twoServersOnOneSqliteDirectoryKeepOneStrictOrder() throws Exception {
        String data = dir.resolve("data").toString();
        try (CisternProcess a = CisternProcess.serve(dir, "--data-dir", data);
             CisternProcess b = CisternProcess.serve(dir, "--data-dir", data)) {
            appendFromBothAndCheckOrder(a.baseUrl, b.baseUrl, 2, 60);
        }
    }

    @Test
    void twoServersOnOnePostgresKeepOneStrictOrder() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
            try (CisternProcess a = CisternProcess.serve(dir, "--jdbc-url", url, "--user", "postgres");
                 CisternProcess b = CisternProcess.serve(dir, "--jdbc-url", url, "--user", "postgres")) {
                appendFromBothAndCheckOrder(a.baseUrl, b.baseUrl, 2, 60);
            }
        }
    }

    @Test
    void killMinus9MidLoadLosesNoAcknowledgedAppend() throws Exception {
        Path data = dir.resolve("data");
        Map<String, Long> acked = new ConcurrentHashMap<>();
        String sessionId;
        CisternProcess server = CisternProcess.serve(dir, "--data-dir", data.toString());
        try {
            sessionId = startSession(server.baseUrl);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Integer>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    int errors = 0;
                    for (int i = 0; i < 2_000 && !stop.get(); i++) {
                        try {
                            JsonNode turn = append(server.baseUrl, sessionId, "c" + client + "-" + i, null);
                            acked.put(turn.get("id").asText(), turn.get("seq").asLong());
                        } catch (Exception e) {
                            errors++; // the server is gone: an unacknowledged append, allowed to be lost
                            break;
                        }
                    }
                    return errors;
                }));
            }
            long until = System.currentTimeMillis() + 20_000;
            while (acked.size() < 100 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            server.process.destroyForcibly(); // SIGKILL
            assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            for (Future<Integer> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            clients.shutdown();
        } finally {
            server.close();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(100);
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(data).build())) {
            Map<String, Long> stored = new HashMap<>();
            long after = 0;
            List<SessionEntry> page;
            do {
                page = StoreAccess.turnsAfter(store, sessionId, after, 1000);
                for (SessionEntry e : page) {
                    stored.put(e.node().id(), e.seq());
                    after = e.seq();
                }
            } while (!page.isEmpty());
            assertThat(stored).containsAllEntriesOf(acked);
        }
    }

    @Test
    void sigtermDrainsAndStops() throws Exception {
        CisternProcess server = CisternProcess.serve(dir, "--data-dir", dir.resolve("data").toString());
        String session = startSession(server.baseUrl);
        append(server.baseUrl, session, "before the stop", null);
        server.process.destroy(); // SIGTERM
        assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.errors()).contains("stopping (draining requests, closing the store)").doesNotContain("Exception");
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir.resolve("data")).build())) {
            assertThat(StoreAccess.turnsAfter(store, session, 0, 10)).hasSize(1);
        }
    }

    /** Clients on both servers append to one session; every acknowledged turn is there, in one gapless order. */
    private static void appendFromBothAndCheckOrder(String a, String b, int clientsPerServer, int appendsPerClient)
            throws Exception {
        String sessionId = startSession(a);
        ExecutorService pool = Executors.newFixedThreadPool(2 * clientsPerServer);
        List<Future<List<long[]>>> clients = new ArrayList<>();
        for (int c = 0; c < 2 * clientsPerServer; c++) {
            String base = c % 2 == 0 ? a : b;
            int client = c;
            clients.add(pool.submit(() -> {
                List<long[]> seqs = new ArrayList<>();
                for (int i = 0; i < appendsPerClient; i++) {
                    JsonNode turn = append(base, sessionId, "client " + client + " turn " + i, "c" + client + "-" + i);
                    seqs.add(new long[] {turn.get("seq").asLong()});
                }
                return seqs;
            }));
        }
        List<Long> ackedSeqs = new ArrayList<>();
        for (Future<List<long[]>> f : clients) {
            List<long[]> mine = f.get(180, TimeUnit.SECONDS);
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i)[0]).as("one client's appends keep its order").isGreaterThan(mine.get(i - 1)[0]);
            }
            mine.forEach(s -> ackedSeqs.add(s[0]));
        }
        pool.shutdown();
        int total = 2 * clientsPerServer * appendsPerClient;
        assertThat(ackedSeqs).doesNotHaveDuplicates().hasSize(total);
        List<Long> read = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(get(b + "/v1/sessions/" + sessionId + "/turns?after=" + after + "&limit=100"));
            page.get("turns").forEach(t -> read.add(t.get("seq").asLong()));
            if (page.get("nextAfter").isNull()) {
                break;
            }
            after = page.get("nextAfter").asLong();
        }
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= total; s++) {
            expected.add(s);
        }
        assertThat(read).as("one strict, gapless order").isEqualTo(expected);
    }

    private static String startSession(String base) throws Exception {
        return JSON.readTree(post(base + "/v1/sessions", "{\"agent\":\"load\"}", null)).get("id").asText();
    }

    private static JsonNode append(String base, String session, String content, String key) throws Exception {
        return JSON.readTree(post(base + "/v1/sessions/" + session + "/turns",
                "{\"role\":\"user\",\"agent\":\"load\",\"content\":" + JSON.writeValueAsString(content) + "}", key));
    }

    private static String post(String url, String body, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
