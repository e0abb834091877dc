package io.cistern.routing;

/** How the endpoints of a cluster relate to each other. */
public enum Mode {
    /** One endpoint. */
    LOCAL,
    /** Several equal endpoints, load-balanced (within each role when roles are detected). */
    REMOTE,
    /**
     * One preferred local endpoint that serves whatever its role allows, with remote endpoints as
     * fallback while it is down; it is rechecked by the health monitor and taken back as soon as
     * its circuit breaker closes.
     */
    HYBRID
}
