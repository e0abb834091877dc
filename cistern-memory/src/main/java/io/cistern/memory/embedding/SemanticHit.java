package io.cistern.memory.embedding;

import io.cistern.memory.model.NodeKind;

/**
 * One result of a semantic search.
 *
 * @param nodeId the turn
 * @param sessionId its session
 * @param kind prompt, response or tool invocation
 * @param score cosine similarity of the turn's vector and the query's, -1 to 1 (0 when either is
 *     all zeros)
 */
public record SemanticHit(String nodeId, String sessionId, NodeKind kind, float score) {
}
