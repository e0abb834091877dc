package io.cistern.routing;

/**
 * One configured endpoint.
 *
 * @param name its name in logs, statistics and health (unique within the cluster)
 * @param jdbcUrl its single-host JDBC URL
 * @param local whether it is the preferred endpoint of a hybrid cluster
 */
record EndpointSpec(String name, String jdbcUrl, boolean local) {
}
