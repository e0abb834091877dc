package io.cistern.memory.store;

import io.cistern.memory.model.Node;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SQL of the store's sibling packages (the knowledge graph of {@code io.cistern.memory.graph}) on
 * the store's own connections, under its limiter, in its transactions. Not for applications: the
 * tables it reaches are the store's, and only migrations of this module define them.
 */
public final class StoreAccess {

    private StoreAccess() {
    }

    /**
     * Work on one connection of one transaction.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection the transaction's connection; do not commit, roll back or close it
         * @return the result
         * @throws SQLException if a statement fails; the transaction is then rolled back
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one write transaction (on SQLite the one writer, {@code BEGIN IMMEDIATE},
     * so writes of every process on the file are serialized), committed if it returns.
     *
     * @param store the store
     * @param what what the work does, for the error message
     * @param work the statements
     * @param <T> the result
     * @return what {@code work} returned
     * @throws MemoryStoreException if the database fails, naming {@code what}
     */
    public static <T> T write(MemoryStore store, String what, Work<T> work) {
        Objects.requireNonNull(work, "work");
        return store.limitedWrite(what, work::run);
    }

    /**
     * Runs {@code work} in one read-only transaction, so that its queries see one snapshot.
     *
     * @param store the store
     * @param what what the work does, for the error message
     * @param work the queries
     * @param <T> the result
     * @return what {@code work} returned
     * @throws MemoryStoreException if the database fails, naming {@code what}
     */
    public static <T> T read(MemoryStore store, String what, Work<T> work) {
        Objects.requireNonNull(work, "work");
        return store.limitedRead(what, work::run);
    }

    /**
     * A session's turns after a sequence number, oldest first: one indexed range read, whatever
     * the session's length (where {@link MemoryStore#streamSession} would start from the first).
     *
     * @param store the store
     * @param sessionId the session
     * @param afterSeq 0 for the first turns, else the last sequence number already read
     * @param limit at most this many, 1 to {@value SessionQuery#MAX_LIMIT}
     * @return the turns
     */
    public static List<SessionEntry> turnsAfter(MemoryStore store, String sessionId, long afterSeq, int limit) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (limit < 1 || limit > SessionQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit = " + limit + " is not allowed; allowed: 1 to " + SessionQuery.MAX_LIMIT);
        }
        if (afterSeq < 0) {
            throw new IllegalArgumentException("after = " + afterSeq + " is not allowed; allowed: 0 or more");
        }
        GraphSql sql = store.sql();
        return store.limitedRead("turns of session " + sessionId + " after " + afterSeq,
                c -> sql.turnsAfter(c, sessionId, afterSeq, limit));
    }

    /**
     * A node with its sequence number, read from the database past the hot-read cache: another
     * process may have written it after this one cached its absence.
     *
     * @param store the store
     * @param id a node id
     * @return the node and its sequence number (0 for nodes that are not turns), if it exists
     */
    public static Optional<SessionEntry> nodeUncached(MemoryStore store, String id) {
        Objects.requireNonNull(id, "id");
        GraphSql sql = store.sql();
        return store.limitedRead("get node " + id, c -> {
            Optional<Node> node = sql.node(c, id);
            if (node.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM memory_nodes WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(new SessionEntry(rs.getLong(1), node.get()));
                }
            }
        });
    }

    /**
     * Deletes nodes in one write transaction, with everything that cascades from them (edges,
     * search entries, embeddings; a session's turns), and then drops them from the store's cache.
     * For the retention housekeeping, which deletes expired turns in bounded batches.
     *
     * @param store the store
     * @param what what the work does, for the error message
     * @param select in the same transaction, the ids of the nodes to delete (a bounded batch)
     * @return how many nodes were deleted
     */
    public static int deleteNodes(MemoryStore store, String what, Work<List<String>> select) {
        Objects.requireNonNull(select, "select");
        return Erasure.deleteNodes(store, what, select::run);
    }

    /**
     * Writes the full-text entry of an observation the caller has just inserted, in the caller's
     * transaction (nothing when the store's full-text index is off). The entry references the
     * observation, so deleting it deletes the entry.
     *
     * @param store the store
     * @param connection the transaction's connection
     * @param namespace the graph's namespace
     * @param entityName the observation's entity
     * @param entityId the entity's row id
     * @param contentKey the observation's content key
     * @param content the observation
     * @param createdAt when it was added, epoch milliseconds
     * @throws SQLException if the insert fails
     */
    public static void indexObservation(MemoryStore store, Connection connection, String namespace, String entityName,
                                        long entityId, String contentKey, String content, long createdAt) throws SQLException {
        if (store.fullTextSearchEnabled()) {
            SearchSql.indexObservation(connection, namespace, entityName, entityId, contentKey, content, createdAt);
        }
    }
}
