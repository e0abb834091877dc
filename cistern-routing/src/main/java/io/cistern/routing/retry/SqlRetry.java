package io.cistern.routing.retry;

import io.cistern.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work with retries per a {@link RetryPolicy}, each attempt on a fresh connection
 * from a {@link DataSource}, and counts attempts and outcomes. Thread-safe; one instance serves
 * any number of callers. Waits by sleeping, which a virtual thread does without holding its
 * carrier.
 *
 * <pre>{@code
 * SqlRetry retry = new SqlRetry(RetryPolicy.defaults());
 * long id = retry.execute(dataSource, c -> {
 *     try (PreparedStatement ps = c.prepareStatement("insert into memory(text) values (?) returning id")) {
 *         ps.setString(1, text);
 *         try (ResultSet rs = ps.executeQuery()) { rs.next(); return rs.getLong(1); }
 *     }
 * });
 * }</pre>
 */
public final class SqlRetry {
    private static final Logger log = LoggerFactory.getLogger(SqlRetry.class);

    private final RetryPolicy policy;
    private final LongAdder calls = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder succeededAfterRetry = new LongAdder();
    private final LongAdder failedNotTransient = new LongAdder();
    private final LongAdder exhausted = new LongAdder();
    private final LongAdder connectionFailures = new LongAdder();
    private final LongAdder serializationFailures = new LongAdder();
    private final LongAdder readOnlyServerFailures = new LongAdder();

    /** @param policy when and how long to wait before trying again */
    public SqlRetry(RetryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** @return the policy */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs the work, retrying transient failures on a fresh connection after a jittered backoff.
     *
     * @param dataSource where each attempt gets its connection
     * @param work the unit of work
     * @param <T> the result type
     * @return the work's result
     * @throws SQLException the failure of the last attempt, with the earlier attempts' failures
     *     attached as suppressed exceptions; or at once a failure the policy does not retry
     */
    public <T> T execute(DataSource dataSource, SqlWork<T> work) throws SQLException {
        return execute(dataSource, work, policy);
    }

    /**
     * Runs the work under another policy, still counted here.
     *
     * @param dataSource where each attempt gets its connection
     * @param work the unit of work
     * @param overriding the policy for this call
     * @param <T> the result type
     * @return the work's result
     * @throws SQLException as {@link #execute(DataSource, SqlWork)}
     */
    public <T> T execute(DataSource dataSource, SqlWork<T> work, RetryPolicy overriding) throws SQLException {
        calls.increment();
        SQLException first = null;
        for (int attempt = 1; ; attempt++) {
            attempts.increment();
            try {
                T result;
                try (Connection c = dataSource.getConnection()) {
                    result = work.run(c);
                }
                succeeded.increment();
                if (attempt > 1) {
                    succeededAfterRetry.increment();
                    log.debug("Succeeded on attempt {} after transient failures", attempt);
                }
                return result;
            } catch (SQLException e) {
                SqlFailure kind = SqlFailure.classify(e);
                count(kind);
                if (!overriding.retries(kind)) {
                    failedNotTransient.increment();
                    attachEarlier(e, first);
                    throw e;
                }
                if (attempt >= overriding.maxAttempts()) {
                    exhausted.increment();
                    attachEarlier(e, first);
                    log.info("Giving up after {} attempts; last failure: {}", attempt, e.toString());
                    throw e;
                }
                if (first == null) {
                    first = e;
                } else if (first.getSuppressed().length < 10) {
                    first.addSuppressed(e);
                }
                long wait = overriding.backoffNanos(attempt);
                log.debug("Attempt {} failed transiently ({}: {}); retrying in {} ms",
                        attempt, kind, e.getMessage(), TimeUnit.NANOSECONDS.toMillis(wait));
                sleep(wait, e);
            }
        }
    }

    private static void attachEarlier(SQLException last, SQLException first) {
        if (first != null && first != last) {
            last.addSuppressed(first);
        }
    }

    private void count(SqlFailure kind) {
        switch (kind) {
            case CONNECTION: connectionFailures.increment(); break;
            case SERIALIZATION: serializationFailures.increment(); break;
            case READ_ONLY_SERVER: readOnlyServerFailures.increment(); break;
            default: break;
        }
    }

    private static void sleep(long nanos, SQLException pending) throws SQLException {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SQLException interrupted = new SQLException("Interrupted while waiting to retry", pending.getSQLState(), e);
            interrupted.addSuppressed(pending);
            throw interrupted;
        }
    }

    /** @return the counters */
    public RetryStats stats() {
        long a = attempts.sum();
        long c = calls.sum();
        return new RetryStats(c, a, a - c, succeeded.sum(), succeededAfterRetry.sum(), failedNotTransient.sum(),
                exhausted.sum(), connectionFailures.sum(), serializationFailures.sum(), readOnlyServerFailures.sum());
    }
}
