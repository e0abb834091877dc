package io.cistern.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.StoreStatistics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Semantic search on a real SQLite file and a real PostgreSQL, with in-process stand-in models. */
class SemanticSearchTest extends OnBothBackends {

    private static final ModelParameters PARAMS = new ModelParameters("gpt-4o", 0.2, 512, List.of());
    /** Generous: the machine is shared and loaded; a healthy run takes milliseconds. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final HashedBagOfWords words = new HashedBagOfWords();

    private void reopenWith(EmbeddingSettings settings) {
        store.close();
        config = config.toBuilder().embedding(settings).build();
        store = MemoryStore.open(config);
    }

    private Session session(String namespace) {
        Session s = Session.create(namespace, Map.of(), List.of());
        store.store(s);
        return s;
    }

    private Prompt prompt(Session s, String text) {
        Prompt p = Prompt.create(s.id(), text, PARAMS);
        store.store(p);
        return p;
    }

    private Connection outside() throws SQLException {
        return config.isSqlite() ? DriverManager.getConnection("jdbc:sqlite:" + config.sqliteFile())
                : DriverManager.getConnection(config.jdbcUrl(), "postgres", "");
    }

    @Test
    void aStoredVectorIsTheModelsVectorAtUnitLengthWithItsTurnsColumns() throws Exception {
        reopenWith(EmbeddingSettings.onWritePath(words));
        Session s = session("acme");
        Prompt p = prompt(s, "The Rhine floods in spring, the Rhine floods again");
        try (Connection c = outside();
             PreparedStatement ps = c.prepareStatement("SELECT " + (config.isSqlite() ? "vector" : "array_send(vector)")
                     + ", namespace, session_id, kind, model, dimensions FROM memory_embeddings WHERE node_id = ?")) {
            ps.setString(1, p.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                float[] stored = new float[words.dimensions()];
                if (config.isSqlite()) {
                    assertThat(VectorCodec.fromLittleEndian(rs.getBytes(1), stored)).isTrue();
                } else {
                    assertThat(VectorCodec.fromArraySend(rs.getBytes(1), stored)).isTrue();
                }
                assertThat(stored).containsExactly(VectorCodec.unit(words.embed(p.content()), "expected"));
                assertThat(rs.getString(2)).isEqualTo("acme");
                assertThat(rs.getString(3)).isEqualTo(s.id());
                assertThat(rs.getString(4)).isEqualTo("prompt");
                assertThat(rs.getString(5)).isEqualTo(words.name());
                assertThat(rs.getInt(6)).isEqualTo(words.dimensions());
            }
        }
        // on the write path, the vector is there when the write returns
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rhine floods", 1)))
                .extracting(SemanticHit::nodeId).containsExactly(p.id());
    }

    @Test
    void theClosestTurnsComeFirstAndTheFiltersNarrowThem() {
        reopenWith(EmbeddingSettings.onWritePath(words));
        Session a = session("acme");
        Session b = session("acme");
        Prompt rivers = prompt(a, "which rivers flood in spring");
        Response answer = Response.to(rivers, "the rhine and the danube flood in spring", new TokenUsage(1, 1), "stop", 5);
        store.store(answer);
        ToolInvocation tool = ToolInvocation.succeeded(answer, "search", "{\"q\":\"rivers flood\"}", "{\"hits\":2}", 3, 0);
        store.store(tool);
        Prompt taxes = prompt(b, "when are tax forms due");

        List<SemanticHit> hits = store.semanticSearch(SemanticQuery.text("acme", "rivers flood in spring", 10));
        assertThat(hits).extracting(SemanticHit::nodeId).hasSize(4).startsWith(rivers.id()).endsWith(taxes.id());
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(0).sessionId()).isEqualTo(a.id());
        assertThat(hits.get(0).kind()).isEqualTo(NodeKind.PROMPT);
        assertThat(hits.get(3).score()).isEqualTo(0f); // no word in common

        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers flood", 10).kinds(NodeKind.RESPONSE)))
                .extracting(SemanticHit::nodeId).containsExactly(answer.id());
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers flood", 10).kinds(NodeKind.TOOL_INVOCATION)))
                .extracting(SemanticHit::nodeId).containsExactly(tool.id());
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers flood", 10).inSession(b.id())))
                .extracting(SemanticHit::nodeId).containsExactly(taxes.id());
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers flood", 2))).hasSize(2);
        assertThat(store.statistics().embeddings().stored()).isEqualTo(4);
        assertThat(store.statistics().embeddings().embedded()).isEqualTo(4);
    }

    @Test
    void namespacesAreMatchedExactlyNeverByPrefixOrPattern() {
        reopenWith(EmbeddingSettings.onWritePath(words));
        Map<String, Prompt> byNamespace = new java.util.LinkedHashMap<>();
        for (String ns : List.of("acme", "acme-evil", "acme%", "ACME", "acm_")) {
            byNamespace.put(ns, prompt(session(ns), "the secret plan of " + ns));
        }
        for (Map.Entry<String, Prompt> e : byNamespace.entrySet()) {
            assertThat(store.semanticSearch(SemanticQuery.text(e.getKey(), "secret plan", 10)))
                    .as("namespace %s", e.getKey())
                    .extracting(SemanticHit::nodeId).containsExactly(e.getValue().id());
        }
        assertThat(store.semanticSearch(SemanticQuery.text("acm", "secret plan", 10))).isEmpty();
        assertThat(store.semanticSearch(SemanticQuery.text("%", "secret plan", 10))).isEmpty();
        assertThatThrownBy(() -> SemanticQuery.text("", "secret plan", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace = ''");
    }

    @Test
    void vectorsOfAnotherModelAreNeverComparedAndAWrongLengthIsRefused() throws Exception {
        reopenWith(EmbeddingSettings.onWritePath(words));
        Prompt p = prompt(session("acme"), "rivers in spring");
        assertThatThrownBy(() -> store.semanticSearch(SemanticQuery.vector("acme", new float[3], 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 dimensions").hasMessageContaining("allowed: 64");

        // the same name with other dimensions: refused, naming the clash
        reopenWith(EmbeddingSettings.onWritePath(new HashedBagOfWords(words.name(), 32)));
        assertThatThrownBy(() -> store.semanticSearch(SemanticQuery.text("acme", "rivers", 5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("64 dimensions").hasMessageContaining("two models share that name");

        // another model: the old vectors are not scanned, and the open-time catch-up replaces them
        HashedBagOfWords other = new HashedBagOfWords("hashed-bag-of-words-v2", 48);
        reopenWith(EmbeddingSettings.onWritePath(other));
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue();
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers", 5)))
                .extracting(SemanticHit::nodeId).containsExactly(p.id());
        assertThat(store.statistics().embeddings().stored()).isEqualTo(1);
        assertThat(store.statistics().embeddings().catchUpPasses()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withoutAModelSemanticSearchSaysHowToConfigureOne() {
        assertThatThrownBy(() -> store.semanticSearch(SemanticQuery.text("acme", "rivers", 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EmbeddingSettings.onWritePath");
        assertThat(store.statistics().embeddings()).isEqualTo(EmbeddingStatistics.none(0));
    }

    @Test
    void onTheWritePathAFailingModelFailsTheWriteAndNothingOfItIsWritten() {
        ControlledModel model = new ControlledModel();
        reopenWith(EmbeddingSettings.onWritePath(model));
        Session s = session("acme");
        model.failing(true);
        Prompt p = Prompt.create(s.id(), "rivers in spring", PARAMS);
        assertThatThrownBy(() -> store.store(p))
                .isInstanceOf(EmbeddingFailedException.class).hasMessageContaining("model service unavailable");
        assertThat(store.get(p.id())).isEmpty();
        assertThat(store.sessionState(s.id()).orElseThrow().lastSeq()).isZero();
        StoreStatistics stats = store.statistics();
        assertThat(stats.embeddings().failures()).isEqualTo(1);
        assertThat(stats.embeddings().stored()).isZero();

        model.failing(false);
        store.store(p);
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers", 5))).extracting(SemanticHit::nodeId)
                .containsExactly(p.id());
    }

    @Test
    void offTheWritePathTurnsAreEmbeddedInTheBackground() throws Exception {
        reopenWith(EmbeddingSettings.offWritePath(words));
        Session s = session("acme");
        Prompt p = prompt(s, "rivers in spring");
        Prompt q = prompt(s, "tax forms");
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue();
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers spring", 5)))
                .extracting(SemanticHit::nodeId).containsExactly(p.id(), q.id());
        EmbeddingStatistics stats = store.statistics().embeddings();
        assertThat(stats.mode()).isEqualTo(EmbeddingSettings.Mode.OFF_WRITE_PATH);
        assertThat(stats.embedded()).isEqualTo(2);
        assertThat(stats.backlog()).isZero();
        assertThat(stats.failures()).isZero();
    }

    @Test
    void offTheWritePathAFailingModelNeverFailsAWriteAndTheTurnsAreEmbeddedWhenItRecovers() throws Exception {
        ControlledModel model = new ControlledModel();
        model.failing(true);
        reopenWith(EmbeddingSettings.offWritePath(model));
        Session s = session("acme");
        Prompt p = prompt(s, "rivers in spring");
        assertThat(store.get(p.id())).isPresent();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (store.statistics().embeddings().failures() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.statistics().embeddings().failures()).isGreaterThanOrEqualTo(1);
        assertThat(store.awaitEmbeddings(Duration.ofMillis(300))).isFalse();
        assertThat(store.semanticSearch(SemanticQuery.vector("acme", words.embed("rivers"), 5))).isEmpty();

        model.failing(false); // the catch-up pass retries after its backoff
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue();
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers", 5))).extracting(SemanticHit::nodeId)
                .containsExactly(p.id());
    }

    @Test
    void aFullQueueNeverBlocksAWriteAndCatchUpEmbedsWhatDidNotFit() throws Exception {
        ControlledModel model = new ControlledModel();
        reopenWith(EmbeddingSettings.offWritePath(model).queueCapacity(2));
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue(); // the open-time pass of an empty store
        Session s = session("acme");
        model.hold();
        List<Prompt> prompts = new java.util.ArrayList<>();
        prompts.add(prompt(s, "turn number 0"));
        assertThat(model.entered.await(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue(); // the worker holds turn 0
        for (int i = 1; i < 10; i++) {
            prompts.add(prompt(s, "turn number " + i)); // returns although the model is stuck
        }
        EmbeddingStatistics stuck = store.statistics().embeddings();
        assertThat(stuck.backlog()).isEqualTo(2);
        assertThat(stuck.overflowed()).isEqualTo(7);
        assertThat(stuck.stored()).isZero();

        model.open();
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue();
        EmbeddingStatistics done = store.statistics().embeddings();
        assertThat(done.stored()).isEqualTo(10);
        assertThat(done.backlog()).isZero();
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "turn number", 20))).extracting(SemanticHit::nodeId)
                .containsExactlyInAnyOrderElementsOf(prompts.stream().map(Prompt::id).toList());
    }

    @Test
    void whatIsLeftAtCloseIsEmbeddedByTheNextOpen() throws Exception {
        ControlledModel model = new ControlledModel();
        reopenWith(EmbeddingSettings.offWritePath(model).drainOnClose(Duration.ZERO));
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue();
        Session s = session("acme");
        model.hold();
        Prompt p = prompt(s, "rivers in spring");
        Prompt q = prompt(s, "rivers in autumn");
        assertThat(model.entered.await(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        store.close(); // does not wait for the stuck model beyond its bound
        model.open();
        store = MemoryStore.open(config.toBuilder().embedding(EmbeddingSettings.offWritePath(words)).build());
        assertThat(store.awaitEmbeddings(PATIENCE)).isTrue();
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers", 5))).extracting(SemanticHit::nodeId)
                .containsExactlyInAnyOrder(p.id(), q.id());
    }

    @Test
    void deletingATurnOrItsSessionDeletesItsVector() {
        reopenWith(EmbeddingSettings.onWritePath(words));
        Session s = session("acme");
        Prompt p = prompt(s, "rivers");
        prompt(s, "more rivers");
        assertThat(store.statistics().embeddings().stored()).isEqualTo(2);
        store.delete(p.id());
        assertThat(store.statistics().embeddings().stored()).isEqualTo(1);
        store.delete(s.id());
        assertThat(store.statistics().embeddings().stored()).isZero();
        assertThat(store.semanticSearch(SemanticQuery.text("acme", "rivers", 5))).isEmpty();
    }

    @Test
    void badQueriesAndSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> SemanticQuery.text("acme", "x", 0)).hasMessageContaining("k = 0");
        assertThatThrownBy(() -> SemanticQuery.text("acme", "  ", 3)).hasMessageContaining("query text");
        assertThatThrownBy(() -> SemanticQuery.text("acme", "x", 3).kinds(NodeKind.SESSION))
                .hasMessageContaining("kind session is not allowed");
        assertThatThrownBy(() -> EmbeddingSettings.offWritePath(words).queueCapacity(0))
                .hasMessageContaining("queueCapacity = 0");
        assertThatThrownBy(() -> EmbeddingSettings.offWritePath(new HashedBagOfWords(" ", 4)))
                .hasMessageContaining("model name");
        MemoryStoreConfig.Builder unused = config.toBuilder();
        assertThat(unused.build().embedding()).isNull();
    }
}
