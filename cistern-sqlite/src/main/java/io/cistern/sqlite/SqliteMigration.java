package io.cistern.sqlite;

/**
 * Brings a database's schema up to date. {@link SqliteDatabases} runs it once per path, under the
 * path's lock, before any connection is lent: when many threads open a database for the first
 * time at once, one runs it and the others wait for it. A failure fails the open and counts
 * against the path's circuit breaker; the next open tries again.
 *
 * <p>With Flyway: {@code ds -> Flyway.configure().dataSource(ds).load().migrate()}.
 */
@FunctionalInterface
public interface SqliteMigration {

    /**
     * @param writer a data source lending the database's single writer connection; do not close it
     * @throws Exception to fail the open
     */
    void migrate(javax.sql.DataSource writer) throws Exception;
}
