/**
 * The pool monitor: a bounded history of periodic {@link io.cistern.pool.PoolStats} samples per
 * pool, and a health state ({@link io.cistern.jdbc.monitor.PoolHealth}) with its transitions and
 * their times, by the rule of {@link io.cistern.jdbc.monitor.HealthRule}. It reads only the
 * counters the pool keeps anyway, on a timer, so a getConnection() does no extra work.
 *
 * <p>Not here: the pool's counters themselves (cistern-pool), and cluster or SQLite health,
 * which their modules report.
 */
package io.cistern.jdbc.monitor;
