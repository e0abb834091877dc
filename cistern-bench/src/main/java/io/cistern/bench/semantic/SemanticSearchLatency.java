package io.cistern.bench.semantic;

import io.cistern.memory.embedding.EmbeddingModel;
import io.cistern.memory.embedding.EmbeddingSettings;
import io.cistern.memory.embedding.SemanticQuery;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Grows one store to each size in {@code --sizes} and measures {@code MemoryStore.semanticSearch}
 * (a query vector, k = 10, so the model is not in the figure) in two namespaces: {@code tenant}
 * (10,000 turns) and {@code bulk} (all the other turns). The rows are loaded with plain JDBC in large
 * transactions, exactly as the store writes them (a session per 100 turns; unit vectors, SQLite
 * little-endian float32 BLOBs or PostgreSQL real[]): writing a million turns one acknowledged
 * write at a time would take most of an hour and measure the write path, not the search.
 *
 * <pre>
 * java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.semantic.SemanticSearchLatency \
 *     --db sqlite --sizes 10000,100000,1000000 --queries 200 --seconds 60
 * </pre>
 */
public final class SemanticSearchLatency {

    static final int DIMENSIONS = 384;
    static final int TENANT = 10_000;
    static final int TURNS_PER_SESSION = 100;
    static final int K = 10;
    static final String MODEL = "bench-random-384";

    private SemanticSearchLatency() {
    }

    /** Vectors seeded by the text: never called by the measured queries (they pass a vector). */
    static final class RandomModel implements EmbeddingModel {
        @Override public String name() { return MODEL; }
        @Override public int dimensions() { return DIMENSIONS; }
        @Override public List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                out.add(unitGaussian(new SplittableRandom(t.hashCode())));
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        String db = "sqlite";
        int[] sizes = {10_000, 100_000, 1_000_000};
        int queries = 200;
        int seconds = 60;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--db" -> db = args[i + 1];
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--queries" -> queries = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("argument " + args[i]
                        + " is not allowed; allowed: --db sqlite|postgresql, --sizes n,n,..., --queries n, --seconds n");
            }
        }
        Path dir = Files.createTempDirectory("cistern-semantic-bench-");
        EmbeddedPostgres postgres = null;
        MemoryStoreConfig.Builder config;
        if (db.equals("sqlite")) {
            config = MemoryStoreConfig.sqlite(dir);
        } else if (db.equals("postgresql")) {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("shared_buffers", "1GB")
                    .setServerConfig("max_wal_size", "4GB")
                    .start();
            try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE semantic");
            }
            config = MemoryStoreConfig.jdbc("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/semantic").username("postgres");
        } else {
            throw new IllegalArgumentException("--db " + db + " is not allowed; allowed: sqlite, postgresql");
        }
        MemoryStoreConfig cfg = config.embedding(EmbeddingSettings.offWritePath(new RandomModel())).build();
        System.out.printf(Locale.ROOT, "semantic search latency: %s, %d dimensions, k = %d, JDK %s, jdk.incubator.vector %s%n",
                db, DIMENSIONS, K, Runtime.version(),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent");
        try (MemoryStore store = MemoryStore.open(cfg);
             Connection c = cfg.isSqlite() ? DriverManager.getConnection("jdbc:sqlite:" + cfg.sqliteFile())
                     : DriverManager.getConnection(cfg.jdbcUrl() + "?reWriteBatchedInserts=true", "postgres", "")) {
            SplittableRandom random = new SplittableRandom(20);
            int stored = 0;
            for (int size : sizes) {
                long t0 = System.nanoTime();
                while (stored < size) {
                    int n = Math.min(size - stored, 50_000);
                    String namespace = stored < TENANT ? "tenant" : "bulk";
                    if (namespace.equals("tenant")) {
                        n = Math.min(n, TENANT - stored);
                    }
                    load(c, !cfg.isSqlite(), namespace, stored, n, random);
                    stored += n;
                }
                if (!cfg.isSqlite()) {
                    c.setAutoCommit(true); // VACUUM refuses to run in a transaction
                    try (Statement s = c.createStatement()) {
                        s.execute("VACUUM ANALYZE memory_embeddings");
                    }
                }
                if (!store.awaitEmbeddings(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("the open-time catch-up did not finish");
                }
                System.out.printf(Locale.ROOT, "stored %,d turns (loaded in %.1f s); storage %,d MB%n", stored,
                        (System.nanoTime() - t0) / 1e9, store.statistics().storageBytes() >> 20);
                measure(store, "tenant", Math.min(stored, TENANT), stored, queries, seconds, random);
                if (stored > TENANT) {
                    measure(store, "bulk", stored - TENANT, stored, queries, seconds, random);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static void measure(MemoryStore store, String namespace, int inNamespace, int stored, int queries, int seconds,
                                SplittableRandom random) {
        int warmup = Math.max(3, queries / 10);
        for (int i = 0; i < warmup; i++) {
            search(store, namespace, random);
        }
        List<Long> nanos = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (nanos.size() < queries && (nanos.size() < 10 || System.nanoTime() < deadline)) {
            long t = System.nanoTime();
            search(store, namespace, random);
            nanos.add(System.nanoTime() - t);
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  namespace %-6s %,9d of %,9d stored: %4d queries, p50 %8.2f ms, p99 %8.2f ms, max %8.2f ms%n",
                namespace, inNamespace, stored, sorted.length, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static void search(MemoryStore store, String namespace, SplittableRandom random) {
        int hits = store.semanticSearch(SemanticQuery.vector(namespace, unitGaussian(random), K)).size();
        if (hits != K) {
            throw new IllegalStateException("expected " + K + " hits in " + namespace + ", got " + hits);
        }
    }

    /** Nearest rank. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Turns {@code from .. from + n - 1} of {@code namespace}, with their sessions, in one transaction. */
    private static void load(Connection c, boolean postgres, String namespace, int from, int n, SplittableRandom random)
            throws SQLException {
        c.setAutoCommit(false);
        long now = System.currentTimeMillis();
        try (PreparedStatement node = c.prepareStatement(
                     "INSERT INTO memory_nodes (id, kind, session_id, seq, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement session = c.prepareStatement(
                     "INSERT INTO memory_sessions (id, namespace, last_seq, updated_at) VALUES (?, ?, ?, ?)");
             PreparedStatement vector = c.prepareStatement("INSERT INTO memory_embeddings "
                     + "(node_id, namespace, session_id, kind, model, dimensions, vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = from; i < from + n; i++) {
                String sessionId = String.format(Locale.ROOT, "s-%08d", i / TURNS_PER_SESSION);
                if (i % TURNS_PER_SESSION == 0 || i == from) {
                    if (i % TURNS_PER_SESSION == 0) {
                        node.setString(1, sessionId);
                        node.setString(2, "session");
                        node.setNull(3, java.sql.Types.VARCHAR);
                        node.setNull(4, java.sql.Types.BIGINT);
                        node.setLong(5, now);
                        node.setString(6, "{}");
                        node.addBatch();
                        node.executeBatch();
                        session.setString(1, sessionId);
                        session.setString(2, namespace);
                        session.setLong(3, TURNS_PER_SESSION);
                        session.setLong(4, now);
                        session.executeUpdate();
                    }
                }
                String id = String.format(Locale.ROOT, "t-%08d", i);
                String kind = i % 2 == 0 ? "prompt" : "response";
                node.setString(1, id);
                node.setString(2, kind);
                node.setString(3, sessionId);
                node.setLong(4, i % TURNS_PER_SESSION + 1);
                node.setLong(5, now);
                node.setString(6, "{}");
                node.addBatch();
                float[] v = unitGaussian(random);
                vector.setString(1, id);
                vector.setString(2, namespace);
                vector.setString(3, sessionId);
                vector.setString(4, kind);
                vector.setString(5, MODEL);
                vector.setInt(6, DIMENSIONS);
                if (postgres) {
                    Float[] boxed = new Float[DIMENSIONS];
                    for (int d = 0; d < DIMENSIONS; d++) {
                        boxed[d] = v[d];
                    }
                    vector.setArray(7, c.createArrayOf("float4", boxed));
                } else {
                    ByteBuffer b = ByteBuffer.allocate(DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(v);
                    vector.setBytes(7, b.array());
                }
                vector.setLong(8, now);
                vector.addBatch();
                if ((i + 1) % TURNS_PER_SESSION == 0 || i == from + n - 1) {
                    node.executeBatch();
                    vector.executeBatch();
                }
            }
        }
        c.commit();
    }

    static float[] unitGaussian(SplittableRandom random) {
        float[] v = new float[DIMENSIONS];
        double sum = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            double u = 1 - random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            v[i] = (float) g;
            sum += g * g;
        }
        float scale = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
