package io.cistern.routing;

/** How a request chooses among endpoints of equal standing (say, the healthy replicas). */
public enum LoadBalancing {
    /**
     * In turn: each request of a thread takes the next endpoint after the one its previous request
     * took. Turns are counted on 64 counters chosen by thread id, so threads whose ids share a
     * counter (more than 64 threads, or virtual threads) take turns together and alternate only
     * on the whole.
     */
    ROUND_ROBIN,
    /** The endpoint with the fewest connections lent out through this cluster; ties in random order. */
    LEAST_CONNECTIONS,
    /** Uniformly at random. */
    RANDOM,
    /**
     * Fewest recent failures and lowest observed latency: of two endpoints drawn at random, the
     * one with the lower score (health-check latency plus 10 ms per recent failure, failures
     * fading with a 30 s half-life); scores within 2 ms or 20 % count as equal, so equally healthy
     * endpoints share the load. Drawing two rather than scanning for the best keeps requests from
     * piling onto one endpoint between two health checks ("power of two choices").
     */
    HEALTH_BASED
}
