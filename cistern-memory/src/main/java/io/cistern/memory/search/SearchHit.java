package io.cistern.memory.search;

import java.time.Instant;

/**
 * One hit of a search.
 *
 * @param nodeId the turn's node id; for an {@link SearchKind#OBSERVATION}, the entity's name
 * @param sessionId the turn's session, null for an observation
 * @param kind what was found
 * @param createdAt when the turn was written, or when the observation was added
 * @param score relevance, higher is better: BM25 on SQLite (FTS5's {@code bm25()}, negated), cover
 *     density on PostgreSQL ({@code ts_rank_cd}); comparable within one result, not across databases
 * @param snippet up to {@value ParsedQuery#SNIPPET_CHARS} characters of the text around the first
 *     word of the query found in it
 */
public record SearchHit(String nodeId, String sessionId, SearchKind kind, Instant createdAt, double score, String snippet) {
}
