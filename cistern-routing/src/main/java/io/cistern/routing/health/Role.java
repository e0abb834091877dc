package io.cistern.routing.health;

/** What an endpoint may serve, as its health checks found it. */
public enum Role {
    /** Accepts writes (PostgreSQL: not in recovery). */
    PRIMARY,
    /** A read-only replica (PostgreSQL: in recovery, a hot standby). */
    REPLICA,
    /** Role detection is off: every endpoint serves reads and writes alike. */
    ANY,
    /** Not yet known: the endpoint has not answered a role check since the start. */
    UNKNOWN
}
