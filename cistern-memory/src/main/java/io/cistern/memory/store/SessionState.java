package io.cistern.memory.store;

import io.cistern.memory.model.Session;

/**
 * A session as the database holds it at the moment of the read, never from the cache: for writers
 * that check what changed since they last looked (with {@link Batch#expectSessionMetadata}).
 *
 * @param session the session node, with its current update time
 * @param lastSeq the sequence number of its newest turn, 0 when it has none (deletions do not lower it)
 */
public record SessionState(Session session, long lastSeq) {
}
