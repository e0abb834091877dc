package io.cistern.memory.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

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
}
