package io.cistern.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Session;
import io.cistern.memory.store.Backend;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.MemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The store's top k against a brute-force oracle: every stored vector recomputed from the model,
 * cosine similarity in double precision, over random vectors in a namespace of its own, beside a
 * decoy namespace holding the same texts (so that a scan reading another namespace would show).
 * The store computes in float32 with another summation order, so scores are compared within
 * {@value #FLOAT_TOLERANCE}: nothing the oracle ranks clearly higher than the store's k-th hit may
 * be missing, and every returned score is the oracle's.
 */
class ExactTopKProperty {

    private static final double FLOAT_TOLERANCE = 1e-5;
    private static final ModelParameters PARAMS = new ModelParameters("m", 0.0, 1, List.of());
    private static final Map<String, MemoryStore> STORES = new ConcurrentHashMap<>();

    private static MemoryStore store(Backend backend, int dimensions) {
        return STORES.computeIfAbsent(backend + "/" + dimensions, key -> {
            try {
                return MemoryStore.open(backend.freshConfig(Files.createTempDirectory("cistern-topk-"))
                        .embedding(EmbeddingSettings.onWritePath(new SeededRandomModel(dimensions))).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterContainer
    static void closeStores() {
        STORES.values().forEach(MemoryStore::close);
        STORES.clear();
    }

    @Property(tries = 60)
    void theTopKIsTheExactTopKOfTheNamespace(@ForAll Backend backend, @ForAll boolean fullModelWidth,
                                             @ForAll @IntRange(min = 0, max = 400) int turns,
                                             @ForAll @IntRange(min = 1, max = 60) int k,
                                             @ForAll @LongRange long seed) {
        int dimensions = fullModelWidth ? 384 : 37; // 37: every kernel's tail loop runs
        SeededRandomModel model = new SeededRandomModel(dimensions);
        MemoryStore store = store(backend, dimensions);
        String namespace = "ns-" + UUID.randomUUID();
        Session session = Session.create(namespace, Map.of(), List.of());
        Session decoy = Session.create(namespace + "-decoy", Map.of(), List.of());
        Batch batch = store.batch().add(session).add(decoy);
        Map<String, float[]> vectors = new HashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < turns; i++) {
            String text = "text " + random.nextLong();
            Prompt p = Prompt.create(session.id(), text, PARAMS);
            batch.add(p).add(Prompt.create(decoy.id(), text, PARAMS));
            vectors.put(p.id(), model.embed(text));
        }
        batch.commit();
        float[] query = SeededRandomModel.gaussian(random, dimensions);
        if (turns > 0 && random.nextBoolean()) {
            query = vectors.values().iterator().next().clone(); // a query equal to a stored vector scores 1
        }

        List<SemanticHit> hits = store.semanticSearch(SemanticQuery.vector(namespace, query, k));

        assertThat(hits).hasSize(Math.min(k, turns));
        Set<String> returned = new HashSet<>();
        for (int i = 0; i < hits.size(); i++) {
            SemanticHit hit = hits.get(i);
            assertThat(hit.sessionId()).isEqualTo(session.id());
            assertThat(returned.add(hit.nodeId())).isTrue();
            assertThat((double) hit.score()).isCloseTo(oracleScore(vectors, hit.nodeId(), query), within());
            if (i > 0) {
                assertThat(hit.score()).isLessThanOrEqualTo(hits.get(i - 1).score());
            }
        }
        if (!hits.isEmpty() && hits.size() == k) {
            double kth = hits.get(hits.size() - 1).score();
            for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                if (!returned.contains(e.getKey())) {
                    assertThat(cosine(e.getValue(), query)).as("missed %s", e.getKey()).isLessThanOrEqualTo(kth + FLOAT_TOLERANCE);
                }
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(FLOAT_TOLERANCE);
    }

    private static double oracleScore(Map<String, float[]> vectors, String id, float[] query) {
        float[] v = vectors.get(id);
        assertThat(v).as("hit %s is a turn of the namespace", id).isNotNull();
        return cosine(v, query);
    }

    /** Cosine similarity in double precision, 0 when either vector is all zeros. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
