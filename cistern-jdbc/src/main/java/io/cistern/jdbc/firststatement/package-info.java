/**
 * The mechanism of read/write splitting: a {@link io.cistern.jdbc.firststatement.RoutingDataSource}
 * hands out connections that have not chosen a database yet. Settings made before the first
 * statement ({@code setReadOnly}, auto-commit, isolation, holdability) are recorded; the first
 * call that needs a database asks a {@link io.cistern.jdbc.firststatement.ConnectionRouter} for a
 * read-only or a writable connection and replays them on it; from then on the choice is fixed.
 *
 * <p>It is not a policy: it never decides which database is read-only, which is the primary or
 * what to do when one is down. The policies are the routers: cistern-sqlite's (one writer, many
 * read-only readers of one file) and cistern-routing's {@code io.cistern.routing} (a primary and
 * replicas, balancing, breakers, failover). Before 0.x this package was called
 * {@code io.cistern.jdbc.routing}, which named it after one of its users.
 */
package io.cistern.jdbc.firststatement;
