package io.cistern.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cistern.testkit.PostgresServer;
import io.cistern.testkit.ReplicatedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cistern serve} on a PostgreSQL primary with a streaming replica (Debian's PostgreSQL 15,
 * the test kit's fixture): the replica is stopped under read load and the server rides it out
 * as {@code ClusterDataSource} does, with no failed request, and readiness shows the replica down.
 * (The store reads from the primary on a cluster, so the replica's loss never reaches a read.)
 */
class ServeRidesOutReplicaStopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aReplicaStoppedUnderReadLoadIsRiddenOut() throws Exception {
        PostgresServer.requireBinaries();
        try (ReplicatedPostgres pair = ReplicatedPostgres.create("serve")) {
            String url = "jdbc:postgresql://" + hostPort(pair.primary) + "," + hostPort(pair.replica) + "/postgres";
            try (CisternProcess server = CisternProcess.serve(dir, "--jdbc-url", url, "--user", "postgres")) {
                String session = JSON.readTree(send(server.baseUrl + "/v1/sessions", "{}")).get("id").asText();
                for (int i = 0; i < 20; i++) {
                    send(server.baseUrl + "/v1/sessions/" + session + "/turns", "{\"role\":\"user\",\"content\":\"t" + i + "\"}");
                }
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger reads = new AtomicInteger();
                AtomicInteger failures = new AtomicInteger();
                ExecutorService readers = Executors.newFixedThreadPool(4);
                List<Future<?>> running = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    running.add(readers.submit(() -> {
                        while (!stop.get()) {
                            try {
                                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl
                                        + "/v1/sessions/" + session + "/turns?limit=20")).timeout(Duration.ofSeconds(20)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (page.statusCode() == 200 && JSON.readTree(page.body()).get("turns").size() == 20) {
                                    reads.incrementAndGet();
                                } else {
                                    failures.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(1_500);
                int before = reads.get();
                pair.replica.stop();
                Thread.sleep(3_000);
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(60, TimeUnit.SECONDS);
                }
                readers.shutdown();
                assertThat(failures.get()).as("failed reads").isZero();
                assertThat(reads.get()).as("reads after the replica stopped").isGreaterThan(before);

                JsonNode ready = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    ready = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    if (replicaDown(ready, pair.replica)) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertThat(ready.get("status").asText()).as(String.valueOf(ready)).isEqualTo("UP");
                assertThat(replicaDown(ready, pair.replica)).as("readiness shows the replica down: " + ready).isTrue();
            }
        }
    }

    private static boolean replicaDown(JsonNode ready, PostgresServer replica) {
        JsonNode cluster = ready.get("cluster");
        if (cluster == null) {
            return false;
        }
        for (JsonNode e : cluster.get("endpoints")) {
            if (e.get("url").asText().contains(":" + portOf(replica) + "/") && !e.get("up").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private static String hostPort(PostgresServer s) {
        return "127.0.0.1:" + portOf(s);
    }

    private static int portOf(PostgresServer s) {
        String u = s.url();
        return Integer.parseInt(u.substring(u.lastIndexOf(':') + 1, u.indexOf('/', u.lastIndexOf(':'))));
    }

    private static String send(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
        return r.body();
    }
}
