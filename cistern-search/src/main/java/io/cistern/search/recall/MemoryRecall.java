package io.cistern.search.recall;

import io.cistern.memory.embedding.SemanticHit;
import io.cistern.memory.embedding.SemanticQuery;
import io.cistern.memory.search.ParsedQuery;
import io.cistern.memory.search.SearchHit;
import io.cistern.memory.search.SearchKind;
import io.cistern.memory.search.SearchQuery;
import io.cistern.memory.search.Tokens;
import io.cistern.memory.store.MemoryStore;
import io.cistern.pool.config.NotAllowed;
import io.cistern.search.hybrid.FusedHit;
import io.cistern.search.hybrid.HybridSearch;
import io.cistern.search.hybrid.RankedHit;
import io.cistern.search.hybrid.ReciprocalRankFusion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Hybrid recall of one namespace's turns: the store's full-text search and its semantic search,
 * each asked for its best candidates, fused by reciprocal rank fusion (docs/SEARCH.md, "Hybrid
 * ranking"). A store with only one of the two searches enabled is recalled through that one alone,
 * so the same call works before an embedding model is configured.
 *
 * <pre>{@code
 * MemoryRecall recall = MemoryRecall.over(store).build();
 * List<FusedHit> hits = recall.recall("acme", "when does the rhine flood", 10);
 * }</pre>
 *
 * <p>What the full-text side is asked: the text's words ({@link Tokens}, as the index cuts them),
 * any of which may match, at most {@value ParsedQuery#MAX_TERMS} distinct words; BM25 then ranks turns
 * that hold more and rarer of them first. A natural question ("what did she say about invoices?")
 * would find nothing as the store's all-words syntax. Turns only: a knowledge-graph observation has
 * no embedding, so it could be found by one side only and its id is an entity name, not a turn's.
 *
 * <p>Trade-off: each search is a separate read, so a turn written between them may be seen by one
 * and not the other; it then ranks as a one-source hit, as it would have a moment later by both.
 */
public final class MemoryRecall {

    /** The source name of full-text hits in {@link FusedHit#contributions()}. */
    public static final String FULL_TEXT = "full-text";
    /** The source name of semantic hits in {@link FusedHit#contributions()}. */
    public static final String SEMANTIC = "semantic";

    private static final int MAX_WORDS = ParsedQuery.MAX_TERMS;
    /** The most hits either search pages, so the most a recall returns. */
    public static final int MAX_LIMIT = SearchQuery.MAX_LIMIT;
    private static final SearchKind[] TURNS = {SearchKind.PROMPT, SearchKind.RESPONSE, SearchKind.TOOL_INVOCATION};

    private final MemoryStore store;
    private final double fullTextWeight;
    private final double semanticWeight;
    private final int k;
    private final int candidates;

    private MemoryRecall(Builder b) {
        this.store = b.store;
        this.fullTextWeight = b.fullTextWeight;
        this.semanticWeight = b.semanticWeight;
        this.k = b.k;
        this.candidates = b.candidates;
    }

    /**
     * @param store the store to recall from; its configuration decides which searches take part
     * @return a builder with equal weights, k = {@value ReciprocalRankFusion#DEFAULT_K} and
     *     {@value HybridSearch#DEFAULT_CANDIDATES_PER_SOURCE} candidates per search
     */
    public static Builder over(MemoryStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /**
     * @param namespace the namespace, matched exactly
     * @param text what to recall, in plain words
     * @param limit how many fused hits, 1 to {@value #MAX_LIMIT}
     * @return the fused hits, best first, each with what every search contributed
     * @throws IllegalStateException if the store has neither search enabled
     * @throws IllegalArgumentException if the text holds no word, or the limit is out of range
     */
    public List<FusedHit> recall(String namespace, String text, int limit) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(text, "text");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("recall limit = " + limit + " is not allowed; allowed: 1 to " + MAX_LIMIT);
        }
        boolean fullText = store.fullTextSearchEnabled();
        boolean semantic = store.semanticSearchEnabled();
        if (!fullText && !semantic) {
            throw new IllegalStateException("recall needs a search: this store was opened with fullTextIndex(false) and "
                    + "without an embedding model; enable either in its MemoryStoreConfig");
        }
        HybridSearch.Builder search = HybridSearch.builder().k(k).candidatesPerSource(candidates);
        if (fullText) {
            String anyWord = anyOf(text);
            search.source(FULL_TEXT, fullTextWeight, (q, n) -> fullText(namespace, anyWord, n));
        }
        if (semantic) {
            search.source(SEMANTIC, semanticWeight, (q, n) -> semantic(namespace, q, n));
        }
        return search.build().search(text, limit);
    }

    private List<RankedHit> fullText(String namespace, String anyWord, int n) {
        List<RankedHit> out = new ArrayList<>();
        for (SearchHit h : store.search(SearchQuery.of(namespace, anyWord).kinds(TURNS).limit(n)).hits()) {
            out.add(new RankedHit(h.nodeId(), h.score()));
        }
        return out;
    }

    private List<RankedHit> semantic(String namespace, String text, int n) {
        List<RankedHit> out = new ArrayList<>();
        for (SemanticHit h : store.semanticSearch(SemanticQuery.text(namespace, text, n))) {
            out.add(new RankedHit(h.nodeId(), h.score()));
        }
        return out;
    }

    /** The text's distinct words as the full-text syntax's "any of these". */
    static String anyOf(String text) {
        Set<String> words = new LinkedHashSet<>(Tokens.of(text));
        if (words.isEmpty()) {
            throw new IllegalArgumentException("recall text = '" + text + "' is not allowed; allowed: text with at least "
                    + "one letter or digit");
        }
        return String.join(" OR ", words.stream().limit(MAX_WORDS).toList());
    }

    @Override
    public String toString() {
        return "MemoryRecall[" + FULL_TEXT + " " + fullTextWeight + ", " + SEMANTIC + " " + semanticWeight + ", k " + k
                + ", candidates " + candidates + "]";
    }

    /** Weights and fusion settings; validated in {@link #build()}. */
    public static final class Builder {
        private final MemoryStore store;
        private double fullTextWeight = 1.0;
        private double semanticWeight = 1.0;
        private int k = ReciprocalRankFusion.DEFAULT_K;
        private int candidates = HybridSearch.DEFAULT_CANDIDATES_PER_SOURCE;

        private Builder(MemoryStore store) {
            this.store = store;
        }

        /** @param weight the full-text search's weight, finite and above 0 (default 1) @return this */
        public Builder fullTextWeight(double weight) { this.fullTextWeight = weight; return this; }

        /** @param weight the semantic search's weight, finite and above 0 (default 1) @return this */
        public Builder semanticWeight(double weight) { this.semanticWeight = weight; return this; }

        /** @param k the fusion constant, 0 or more (default 60) @return this */
        public Builder k(int k) { this.k = k; return this; }

        /** @param perSearch candidates asked of each search, 1 to 1000 (default 50) @return this */
        public Builder candidatesPerSource(int perSearch) { this.candidates = perSearch; return this; }

        /** @return the recall @throws IllegalArgumentException naming a setting out of range */
        public MemoryRecall build() {
            positive("fullTextWeight", fullTextWeight);
            positive("semanticWeight", semanticWeight);
            if (k < 0) {
                throw NotAllowed.setting("recall k", k, "0 or more");
            }
            if (candidates < 1 || candidates > 1000) {
                throw NotAllowed.setting("recall candidatesPerSource", candidates, "1 to 1000 (the most either search pages)");
            }
            return new MemoryRecall(this);
        }

        private static void positive(String name, double weight) {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw NotAllowed.setting("recall " + name, weight, "a finite weight above 0");
            }
        }
    }
}
