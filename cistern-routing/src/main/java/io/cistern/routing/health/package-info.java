/**
 * What a {@link io.cistern.routing.ClusterDataSource} reports about itself: the
 * {@link io.cistern.routing.health.ClusterHealth} verdict with one
 * {@link io.cistern.routing.health.EndpointHealth} per endpoint (its
 * {@link io.cistern.routing.health.Role}, breaker state and figures). Immutable snapshots for
 * operators, health endpoints and tests.
 *
 * <p>Not the checking: the background checks are {@code io.cistern.routing.HealthMonitor}, and
 * nothing here is read by the routing of a request.
 */
package io.cistern.routing.health;
