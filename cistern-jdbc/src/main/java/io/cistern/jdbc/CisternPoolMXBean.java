package io.cistern.jdbc;

/**
 * The pool as JMX shows it, registered as {@code io.cistern:type=Pool (<poolName>)} when
 * {@code registerMbeans} is on. Mirrors HikariCP's {@code HikariPoolMXBean}.
 */
public interface CisternPoolMXBean {
    /** @return connections idle in the pool */
    int getIdleConnections();

    /** @return connections lent out */
    int getActiveConnections();

    /** @return connections alive, being opened or being closed */
    int getTotalConnections();

    /** @return threads waiting for a connection */
    int getThreadsAwaitingConnection();

    /** Retires every connection: idle ones now, lent ones when returned. */
    void softEvictConnections();

    /** Holds new {@code getConnection()} calls (within their timeout) until {@link #resumePool()}. */
    void suspendPool();

    /** Lets {@code getConnection()} through again. */
    void resumePool();

    /** @return the monitor's health: HEALTHY, DEGRADED or UNHEALTHY (HEALTHY without a monitor) */
    String getHealth();

    /** @return the monitor's health changes kept, oldest first, as {@code <time> <from> -> <to> (<reason>)} */
    String[] getHealthTransitions();
}
