package io.cistern.routing.health;

import java.util.List;

/**
 * The state of a whole cluster of endpoints.
 *
 * @param status the overall verdict
 * @param writeEndpoint the endpoint that takes writes now, or {@code null} when none can
 * @param endpoints every endpoint, in configuration order
 * @param writeTargetChanges how often writes moved to another endpoint (failovers, switchovers)
 * @param demotionsEvicted how often an endpoint stopped taking writes and its connections were evicted
 */
public record ClusterHealth(HealthStatus status, String writeEndpoint, List<EndpointHealth> endpoints,
                            long writeTargetChanges, long demotionsEvicted) {

    /**
     * @param name an endpoint's name
     * @return its health
     * @throws IllegalArgumentException if no endpoint has that name
     */
    public EndpointHealth endpoint(String name) {
        for (EndpointHealth e : endpoints) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("No endpoint named '" + name + "'; endpoints: "
                + endpoints.stream().map(EndpointHealth::name).toList());
    }
}
