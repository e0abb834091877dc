package io.cistern.search.hybrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A search over several {@link RankedSource}s, fused by {@link ReciprocalRankFusion}.
 *
 * <pre>{@code
 * HybridSearch recall = HybridSearch.builder()
 *         .source("fulltext", 1.0, fullText)   // e.g. the store's MemoryStore.search
 *         .source("semantic", 1.0, semantic)   // e.g. the store's MemoryStore.semanticSearch
 *         .build();
 * for (FusedHit hit : recall.search("where did we deploy the billing service", 10)) {
 *     // hit.id(), hit.score(), hit.contributions(): which source ranked it where
 * }
 * }</pre>
 *
 * <p>Each source is asked for {@code max(limit, candidatesPerSource)} hits, not just {@code limit}:
 * a node that both sources rank 20th can outrank one that only one source ranks first (with k = 60,
 * {@code 2/80 > 1/61}), so cutting each list at {@code limit} before fusing would lose exactly the
 * hits fusion is for. The sources are asked one after the other on the caller's thread (on a
 * virtual thread their blocking costs no platform thread); an exception of a source propagates, as
 * half a ranking silently passed off as the whole would mislead.
 *
 * <p>Immutable and thread-safe if its sources are.
 */
public final class HybridSearch {

    /** How many hits each source is asked for by default, at least (see the class comment). */
    public static final int DEFAULT_CANDIDATES_PER_SOURCE = 50;

    /** The largest {@code limit} and {@code candidatesPerSource} accepted. */
    public static final int MAX_LIMIT = 10_000;

    private final List<WeightedSource> sources;
    private final ReciprocalRankFusion fusion;
    private final int candidatesPerSource;

    private HybridSearch(Builder builder) {
        this.sources = List.copyOf(builder.sources);
        this.fusion = builder.fusion;
        this.candidatesPerSource = builder.candidatesPerSource;
    }

    /** @return a builder with no source, k = {@value ReciprocalRankFusion#DEFAULT_K} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks every source and fuses their hits.
     *
     * @param query the query, passed to every source as is
     * @param limit the most hits wanted, 1 to {@value #MAX_LIMIT}
     * @return at most {@code limit} hits, best first, each with its sources' contributions
     */
    public List<FusedHit> search(String query, int limit) {
        Objects.requireNonNull(query, "query");
        checkLimit("limit", limit);
        int candidates = Math.max(limit, candidatesPerSource);
        List<RankedList> lists = new ArrayList<>(sources.size());
        for (WeightedSource source : sources) {
            List<RankedHit> hits = source.source().search(query, candidates);
            if (hits.size() > candidates) {
                throw new IllegalStateException("source '" + source.name() + "' returned " + hits.size()
                        + " hits when asked for at most " + candidates);
            }
            lists.add(new RankedList(source.name(), source.weight(), hits));
        }
        List<FusedHit> fused = fusion.fuse(lists);
        return fused.size() <= limit ? fused : List.copyOf(fused.subList(0, limit));
    }

    /** @return the fusion used */
    public ReciprocalRankFusion fusion() {
        return fusion;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("HybridSearch[");
        for (WeightedSource source : sources) {
            text.append(source.name()).append('×').append(source.weight()).append(", ");
        }
        return text.append("k=").append(fusion.k()).append(", candidatesPerSource=").append(candidatesPerSource)
                .append(']').toString();
    }

    private static void checkLimit(String name, int value) {
        if (value < 1 || value > MAX_LIMIT) {
            throw new IllegalArgumentException(name + " = " + value + " is not allowed; allowed: 1 to " + MAX_LIMIT);
        }
    }

    private record WeightedSource(String name, double weight, RankedSource source) {
    }

    /** Builds a {@link HybridSearch}; not thread-safe. */
    public static final class Builder {

        private final List<WeightedSource> sources = new ArrayList<>();
        private ReciprocalRankFusion fusion = ReciprocalRankFusion.withDefaultK();
        private int candidatesPerSource = DEFAULT_CANDIDATES_PER_SOURCE;

        private Builder() {
        }

        /**
         * Adds a source.
         *
         * @param name its name, shown in every {@link Contribution}; distinct from the other sources'
         * @param weight how much its ranks count, a finite number greater than 0
         * @param source the source
         * @return this builder
         */
        public Builder source(String name, double weight, RankedSource source) {
            RankedList.checkedSourceName(name);
            RankedList.checkedWeight(name, weight);
            Objects.requireNonNull(source, "source");
            for (WeightedSource existing : sources) {
                if (existing.name().equals(name)) {
                    throw new IllegalArgumentException("source '" + name
                            + "' is added twice; allowed: one source per name");
                }
            }
            sources.add(new WeightedSource(name, weight, source));
            return this;
        }

        /**
         * @param k the RRF constant, 0 or more; default {@value ReciprocalRankFusion#DEFAULT_K}
         * @return this builder
         */
        public Builder k(int k) {
            this.fusion = ReciprocalRankFusion.withK(k);
            return this;
        }

        /**
         * @param candidatesPerSource how many hits each source is asked for at least, 1 to
         *     {@value HybridSearch#MAX_LIMIT}; default {@value HybridSearch#DEFAULT_CANDIDATES_PER_SOURCE}
         * @return this builder
         */
        public Builder candidatesPerSource(int candidatesPerSource) {
            checkLimit("candidatesPerSource", candidatesPerSource);
            this.candidatesPerSource = candidatesPerSource;
            return this;
        }

        /** @return the search; at least one source must have been added */
        public HybridSearch build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("a hybrid search needs at least one source; none was added");
            }
            return new HybridSearch(this);
        }
    }
}
