package io.cistern.memory.store;

/**
 * What an erasure deleted.
 *
 * @param sessions sessions deleted
 * @param turns turns deleted (their edges, search entries and embeddings went with them)
 * @param knowledgeGraphRows entities, observations and relations deleted
 * @param logEntries operation-log entries deleted
 * @param transactions the short write transactions it took
 */
public record Erased(long sessions, long turns, long knowledgeGraphRows, long logEntries, int transactions) {

    Erased plus(Erased o) {
        return new Erased(sessions + o.sessions, turns + o.turns, knowledgeGraphRows + o.knowledgeGraphRows,
                logEntries + o.logEntries, transactions + o.transactions);
    }
}
