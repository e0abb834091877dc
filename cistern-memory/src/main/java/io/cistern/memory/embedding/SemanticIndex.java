package io.cistern.memory.embedding;

import io.cistern.memory.model.TurnText;
import io.cistern.jdbc.statements.StatementCache;
import io.cistern.memory.model.Node;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's semantic index: embeds turns on or off the write path as configured and searches
 * one namespace exactly. Public only so that {@code io.cistern.memory.store.MemoryStore} can build
 * it; applications use {@code MemoryStore.semanticSearch} and {@code MemoryStoreConfig}.
 * Thread-safe.
 */
public final class SemanticIndex implements AutoCloseable {

    /** How the index reaches the store's database: its transactions, under its limiter. */
    public interface Storage {
        /** Runs {@code work} in one read-only transaction. */
        <T> T read(String what, Work<T> work);

        /** Runs {@code work} in one write transaction, committed if it returns. */
        <T> T write(String what, Work<T> work);

        /** @return the node, read on {@code c} past any cache */
        Optional<Node> node(Connection c, String id) throws SQLException;

        /** @return the store's prepared-statement cache */
        StatementCache statements();

        /** @return true on PostgreSQL, false on SQLite */
        boolean postgres();
    }

    /** @param <T> what the work returns */
    @FunctionalInterface
    public interface Work<T> {
        /** @param connection the transaction's; do not commit, roll back or close it @return the result */
        T run(Connection connection) throws SQLException;
    }

    /** The vectors of a write's turns, computed before its transaction (on the write path only). */
    public static final class Prepared {
        /** No vectors: off the write path, or no turn with text. */
        public static final Prepared NONE = new Prepared(List.of());
        final List<EmbeddingSql.Row> rows;

        Prepared(List<EmbeddingSql.Row> rows) {
            this.rows = rows;
        }
    }

    private final EmbeddingSettings settings;
    private final Storage storage;
    private final EmbeddingSql sql;
    private final DotProduct dot = DotProduct.fastest();
    private final EmbeddingWorker worker;

    private SemanticIndex(EmbeddingSettings settings, Storage storage) {
        this.settings = settings;
        this.storage = storage;
        this.sql = new EmbeddingSql(storage.postgres(), storage.statements());
        this.worker = settings == null ? null : new EmbeddingWorker(settings, storage, sql, this::vectors);
    }

    /**
     * @param settings the model and mode, or null for a store without semantic search
     * @param storage the store's database
     * @return the index; with a model, its worker has started a catch-up pass for turns stored
     *     without a vector of the model (written before it was configured, or left by an overflow)
     */
    public static SemanticIndex open(EmbeddingSettings settings, Storage storage) {
        Objects.requireNonNull(storage, "storage");
        SemanticIndex index = new SemanticIndex(settings, storage);
        if (index.worker != null) {
            index.worker.start();
        }
        return index;
    }

    /**
     * On the write path, embeds the turns of a write before its transaction.
     *
     * @throws EmbeddingFailedException if the model fails: the write must fail with it
     */
    public Prepared beforeWrite(List<Node> nodes) {
        if (settings == null || settings.mode() != EmbeddingSettings.Mode.ON_WRITE_PATH) {
            return Prepared.NONE;
        }
        List<Node> withText = new ArrayList<>();
        for (Node n : nodes) {
            if (n.kind().isTurn() && TurnText.of(n).isPresent()) {
                withText.add(n);
            }
        }
        if (withText.isEmpty()) {
            return Prepared.NONE;
        }
        try {
            return new Prepared(vectors(withText));
        } catch (EmbeddingFailedException e) {
            worker.failed();
            throw e;
        }
    }

    /** Stores the prepared vectors in the write's transaction, after its nodes. */
    public void inWrite(Connection c, Prepared prepared) throws SQLException {
        sql.upsert(c, settings == null ? "" : settings.model().name(), prepared.rows);
    }

    /** After the write committed: counts what the write path stored, or queues the turns off it. */
    public void afterCommit(List<Node> nodes, Prepared prepared) {
        if (worker == null) {
            return;
        }
        if (settings.mode() == EmbeddingSettings.Mode.ON_WRITE_PATH) {
            worker.embedded(prepared.rows.size());
        } else {
            worker.offer(nodes);
        }
    }

    /**
     * @return the exact top k of the query's namespace by cosine similarity, best first
     * @throws IllegalStateException if no model is configured
     * @throws IllegalArgumentException if the query vector's length is not the model's
     * @throws EmbeddingFailedException if the model fails to embed the query text
     */
    public List<SemanticHit> search(SemanticQuery query) {
        Objects.requireNonNull(query, "query");
        if (settings == null) {
            throw new IllegalStateException("semantic search needs an embedding model; none is configured: set "
                    + "MemoryStoreConfig.Builder.embedding(EmbeddingSettings.onWritePath(model)) or offWritePath(model)");
        }
        EmbeddingModel model = settings.model();
        float[] vector = query.vectorUncopied();
        if (vector == null) {
            vector = embed(model, List.of(query.text().orElseThrow())).get(0);
        } else if (vector.length != model.dimensions()) {
            throw new IllegalArgumentException("query vector of " + vector.length + " dimensions is not allowed; allowed: "
                    + model.dimensions() + ", the dimensions of model '" + model.name() + "'");
        }
        float[] unit = VectorCodec.unit(vector, "the query vector");
        return storage.read("semantic search of namespace '" + query.namespace() + "'",
                c -> sql.scan(c, query, model.name(), unit, dot));
    }

    /**
     * Waits until nothing is queued and no catch-up pass is due, at most {@code timeout}.
     *
     * @return true if idle, false if the time ran out (a failing model keeps the catch-up due)
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return worker == null || worker.awaitIdle(timeout);
    }

    /** @return the figures, with the stored count read on {@code c} */
    public EmbeddingStatistics statistics(Connection c) throws SQLException {
        long stored = sql.count(c);
        return worker == null ? EmbeddingStatistics.none(stored) : worker.statistics(stored);
    }

    /** @return the scan kernel in use, for figures */
    public String kernel() {
        return dot.description();
    }

    /** Drains the queue for at most the configured bound, then stops the worker; call before the store's connections close. */
    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Embeds and checks the turns' texts: unit vectors in order, or EmbeddingFailedException. */
    private List<EmbeddingSql.Row> vectors(List<Node> turns) {
        List<String> texts = new ArrayList<>(turns.size());
        for (Node n : turns) {
            texts.add(TurnText.of(n).orElseThrow());
        }
        List<float[]> vectors = embed(settings.model(), texts);
        List<EmbeddingSql.Row> rows = new ArrayList<>(turns.size());
        for (int i = 0; i < turns.size(); i++) {
            rows.add(new EmbeddingSql.Row(turns.get(i).id(), vectors.get(i)));
        }
        return rows;
    }

    /** @return the model's vectors for {@code texts}, checked, scaled to unit length */
    private static List<float[]> embed(EmbeddingModel model, List<String> texts) {
        List<float[]> raw;
        try {
            raw = model.embedAll(texts);
        } catch (RuntimeException e) {
            throw new EmbeddingFailedException("model '" + model.name() + "' failed to embed " + texts.size() + " texts: " + e, e);
        }
        if (raw == null || raw.size() != texts.size()) {
            throw new EmbeddingFailedException("model '" + model.name() + "' returned " + (raw == null ? "null" : raw.size() + " vectors")
                    + " for " + texts.size() + " texts; allowed: one vector per text", null);
        }
        List<float[]> units = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            float[] v = raw.get(i);
            if (v == null || v.length != model.dimensions()) {
                throw new EmbeddingFailedException("model '" + model.name() + "' returned a vector of "
                        + (v == null ? "null" : v.length + " dimensions") + " for text " + i + "; allowed: "
                        + model.dimensions() + " dimensions, as the model declares", null);
            }
            try {
                units.add(VectorCodec.unit(v, "the vector of model '" + model.name() + "' for text " + i));
            } catch (IllegalArgumentException e) {
                throw new EmbeddingFailedException(e.getMessage(), e);
            }
        }
        return units;
    }
}
