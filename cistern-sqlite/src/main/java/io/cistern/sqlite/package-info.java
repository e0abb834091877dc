/**
 * Embedded SQLite done the way SQLite wants to be used from many threads:
 * {@link io.cistern.sqlite.SqliteDataSource} is one writer and N read-only readers per database
 * file, each a small cistern-jdbc pool with its pragmas, chosen per connection at the first
 * statement by cistern-jdbc's {@code firststatement} mechanism (read-only goes to a reader).
 * {@link io.cistern.sqlite.SqliteDatabases} is the process-wide registry that keeps one set of
 * pools per canonical path, runs each {@link io.cistern.sqlite.SqliteMigration} once, refuses
 * opens after repeated failures (cistern-jdbc's circuit breaker,
 * {@link io.cistern.sqlite.CircuitOpenException}) and recovers what can be recovered (a stale
 * {@code -shm}; a corrupt file only when quarantine is asked for).
 * {@link io.cistern.sqlite.SqliteDiscipline} gives {@code new CisternDataSource(props)} all this
 * for a {@code jdbc:sqlite:} URL.
 *
 * <p>Not here: the connection that chooses at its first statement (cistern-jdbc), pooling
 * (cistern-pool), and the primary/replica routing of server databases (cistern-routing); nothing
 * here coordinates writers across processes, which SQLite's own file lock does.
 */
package io.cistern.sqlite;
