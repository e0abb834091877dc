package io.cistern.routing;

/**
 * Which endpoints may serve reads and writes, in order of preference, as the last role checks
 * left it. Immutable; replaced as a whole when a role changes, so a request reads it with one
 * volatile read. Liveness is not part of it: each request asks the breakers, which react faster
 * than any check.
 *
 * @param writeTarget the endpoint that takes writes, or {@code null} when none is known
 * @param writeTiers tiers for writes: a request tries the first tier, then the next
 * @param readTiers tiers for reads
 */
record Topology(Endpoint writeTarget, Endpoint[][] writeTiers, Endpoint[][] readTiers) {
}
