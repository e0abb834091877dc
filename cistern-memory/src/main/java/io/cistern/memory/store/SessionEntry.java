package io.cistern.memory.store;

import io.cistern.memory.model.Node;

/**
 * A turn of a session with its position.
 *
 * @param seq the turn's sequence number in its session, from 1, in append order without gaps
 *     (deletions leave gaps)
 * @param node the turn
 */
public record SessionEntry(long seq, Node node) {
}
