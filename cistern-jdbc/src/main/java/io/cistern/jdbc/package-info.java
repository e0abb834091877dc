/**
 * {@link io.cistern.jdbc.CisternDataSource}: a pooling {@link javax.sql.DataSource} with
 * HikariCP's configuration ({@link io.cistern.jdbc.CisternConfig}, every property name in
 * {@link io.cistern.jdbc.ConfigProperty}) on cistern-pool's {@code ResourcePool}: the physical
 * connections, the proxies that give a connection back on close and reset only what its user
 * changed, fatal-error eviction ({@link io.cistern.jdbc.SqlExceptionClassifier}), JMX and
 * Micrometer, and {@link io.cistern.jdbc.Secrets}, the one password masking every module uses.
 * {@link io.cistern.jdbc.SqlWork} is the unit of work on one connection that other modules
 * retry or schedule.
 *
 * <p>Not here: the pool itself (cistern-pool: waiting, fairness, lifetimes, knowing nothing of
 * JDBC); what a URL's discipline adds (sub-packages {@code discipline}, and cistern-sqlite and
 * cistern-routing, which this module does not depend on); the connection that chooses its
 * database at its first statement ({@code firststatement}); statement caching
 * ({@code statements}); health judgement ({@code monitor}); the circuit breaker ({@code breaker}).
 */
package io.cistern.jdbc;
