/**
 * One routing policy for cistern-jdbc's first-statement mechanism:
 * {@link io.cistern.routing.ClusterDataSource} is one {@link javax.sql.DataSource} over several
 * database servers (a primary and replicas, or equal servers), each with its own pool and circuit
 * breaker. {@link io.cistern.routing.EndpointRouter} chooses an endpoint per connection from the
 * current {@link io.cistern.routing.Topology} (which endpoints may serve reads and writes, in
 * order), the {@link io.cistern.routing.Mode} and the {@link io.cistern.routing.LoadBalancing};
 * {@link io.cistern.routing.HealthMonitor} checks roles in the background. A multi-host URL
 * gets it through {@link io.cistern.routing.ClusterDiscipline}.
 *
 * <p>Not here: the mechanism itself (a connection that chooses at its first statement is
 * cistern-jdbc's {@code io.cistern.jdbc.firststatement}, which cistern-sqlite uses with its own
 * policy); the circuit breaker ({@code io.cistern.jdbc.breaker}); replication or promotion of a
 * replica, which the servers do: this package only notices roles and follows them.
 */
package io.cistern.routing;
