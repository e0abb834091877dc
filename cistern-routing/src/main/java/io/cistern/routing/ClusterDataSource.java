package io.cistern.routing;

import io.cistern.jdbc.AbstractDataSource;
import io.cistern.jdbc.firststatement.RoutingDataSource;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.retry.RetryPolicy;
import io.cistern.routing.retry.RetryStats;
import io.cistern.routing.retry.SqlRetry;
import io.cistern.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;

/**
 * One {@link DataSource} over several database servers: a primary and its replicas, or equal
 * servers, each with its own pool and circuit breaker, watched by a background health monitor.
 *
 * <pre>{@code
 * ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder()
 *         .jdbcUrl("jdbc:postgresql://db1:5432,db2:5432,db3:5432/memory")
 *         .username("agent").password(secret)
 *         .pool(p -> p.maximumPoolSize(16))
 *         .build());
 *
 * try (Connection c = db.getConnection()) {          // a write: served by the primary
 *     ...
 * }
 * try (Connection c = db.getConnection()) {
 *     c.setReadOnly(true);                           // before the first statement:
 *     ...                                            // served by a healthy replica
 * }
 * long n = db.executeReadOnly(c -> count(c));        // on a replica, retried on transient failures
 * ClusterHealth health = db.health();                // HEALTHY / DEGRADED / UNHEALTHY, per endpoint
 * }</pre>
 *
 * <p><b>Routing.</b> A connection chooses its server at its first statement: a connection on
 * which {@code setReadOnly(true)} was called before then (as Spring's
 * {@code @Transactional(readOnly = true)} does), or one from {@link #readOnlyView()}, is served
 * by a replica, falling back to the primary when no replica is healthy; every other connection
 * by the primary. Roles are found with {@code pg_is_in_recovery()} (or the configured role query)
 * and rechecked every {@code healthCheckInterval}: after a failover, writes follow the promoted
 * server within about one interval, and the connections of a server that stopped being the
 * primary are evicted.
 *
 * <p><b>Failing fast.</b> An endpoint whose breaker is open is skipped without waiting. One whose
 * breaker has not opened yet costs a caller at most {@code endpointTimeout} before the next
 * candidate is tried. When no endpoint can serve, the connection's first statement (without role
 * detection, {@code getConnection()} itself) fails at once with
 * {@link java.sql.SQLTransientConnectionException} (SQLState 08001) describing every endpoint.
 */
public final class ClusterDataSource extends AbstractDataSource implements AutoCloseable {
    private final ClusterConfig config;
    private final EndpointRouter router;
    private final RoutingDataSource routing;
    private final SqlRetry retry;
    /** Reads and writes have the same candidates: choose at {@code getConnection()}, not at the first statement. */
    private final boolean chooseNow;

    /**
     * Starts a pool per endpoint and checks every endpoint once (waiting at most about twice
     * {@code endpointTimeout}); an endpoint that is down does not stop the start, it starts with
     * its breaker counting.
     *
     * @param config the settings
     */
    public ClusterDataSource(ClusterConfig config) {
        this.config = config;
        this.router = new EndpointRouter(config);
        this.routing = new RoutingDataSource(router);
        this.retry = new SqlRetry(config.retryPolicy());
        this.chooseNow = config.roleQuery() == null;
    }

    /**
     * With role detection (a primary and replicas): a connection served by the primary, or by a
     * replica if {@code setReadOnly(true)} is called before its first statement; getting it does
     * no database work, its first statement chooses the server. Without role detection every
     * endpoint serves reads and writes alike, so there is nothing to wait for: the connection is
     * taken from the chosen endpoint at once, as from a plain pool, which saves the routing
     * connection's wrapper.
     *
     * @return the connection; close it to return it
     * @throws SQLException without role detection, if no endpoint can serve (with role detection
     *     that surfaces at the first statement)
     */
    @Override
    public Connection getConnection() throws SQLException {
        return chooseNow ? router.connectionFor(false) : routing.getConnection();
    }

    /**
     * Not supported: every endpoint uses the configured credentials.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A cluster's connections all use the configured credentials; call getConnection()");
    }

    /** @return a view of this data source whose connections are read-only and served by replicas */
    public DataSource readOnlyView() {
        return routing.readOnlyView();
    }

    /**
     * Runs a unit of work on the primary, each attempt on a fresh connection, retrying transient
     * failures per the configured {@link RetryPolicy}.
     *
     * @param work the unit of work; must be safe to repeat (see {@link SqlWork})
     * @param <T> the result type
     * @return the work's result
     * @throws SQLException the last failure, or at once one that is not transient
     */
    public <T> T execute(SqlWork<T> work) throws SQLException {
        return retry.execute(this, work);
    }

    /**
     * Runs a unit of work on a replica (the primary if none is healthy), retrying as
     * {@link #execute(SqlWork)} does.
     *
     * @param work the unit of work
     * @param <T> the result type
     * @return the work's result
     * @throws SQLException the last failure, or at once one that is not transient
     */
    public <T> T executeReadOnly(SqlWork<T> work) throws SQLException {
        return retry.execute(routing.readOnlyView(), work);
    }

    /**
     * Runs a unit of work under another retry policy (say, one that retries serialization
     * failures for a whole transaction).
     *
     * @param readOnly whether the work only reads
     * @param policy the policy for this call
     * @param work the unit of work
     * @param <T> the result type
     * @return the work's result
     * @throws SQLException the last failure, or at once one that is not transient
     */
    public <T> T execute(boolean readOnly, RetryPolicy policy, SqlWork<T> work) throws SQLException {
        return retry.execute(readOnly ? routing.readOnlyView() : this, work, policy);
    }

    /** @return every endpoint's role, breaker, pool and latency, and the overall verdict */
    public ClusterHealth health() {
        return router.health();
    }

    /** @return the attempts and outcomes of {@code execute} calls */
    public RetryStats retryStats() {
        return retry.stats();
    }

    EndpointRouter router() {
        return router;
    }

    /** @return the settings */
    public ClusterConfig config() {
        return config;
    }

    /** Reached by {@code unwrap}: the {@code RoutingDataSource} and, through it, the cluster's {@code ConnectionRouter}. */
    @Override
    protected Object wrapped() {
        return routing;
    }

    /** Stops the health monitor and closes every endpoint's pool. Idempotent. */
    @Override
    public void close() {
        routing.close();
    }








    @Override
    public String toString() {
        return "ClusterDataSource{" + router + '}';
    }
}
