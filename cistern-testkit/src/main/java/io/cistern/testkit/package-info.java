/**
 * Fault tools for Cistern's own tests, used in test scope by every module that talks to a
 * database: {@link io.cistern.testkit.FaultProxy}, a loopback TCP proxy that black-holes,
 * delays, resets, accepts slowly and half-closes connections to a real server;
 * {@link io.cistern.testkit.ClosedJdbc}, which calls every method of a closed JDBC object by
 * reflection and reports those that did not refuse; {@link io.cistern.testkit.LoopbackPostgres},
 * a real PostgreSQL server on a loopback port; and small waiting and port helpers.
 *
 * <p>Not a mock library: the proxy stands between a real driver and a real server. Not part of
 * any runtime module; nothing here is for production code.
 */
package io.cistern.testkit;
