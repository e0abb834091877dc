/**
 * The one test kit of Cistern's modules, used in test scope by every module whose tests need a
 * database, a fault or a wait:
 * <ul>
 *   <li>PostgreSQL: {@link io.cistern.testkit.LoopbackPostgres}, one real server per test JVM on
 *       a loopback port (fresh databases on it, a dedicated server to restart), and
 *       {@link io.cistern.testkit.ReplicatedPostgres}, a primary and a streaming replica made of
 *       {@link io.cistern.testkit.PostgresServer}s that a test may stop, start and promote;</li>
 *   <li>faults: {@link io.cistern.testkit.FaultProxy}, a loopback TCP proxy that black-holes,
 *       delays, resets, refuses, accepts slowly and half-closes connections to a real server;
 *       {@link io.cistern.testkit.ClosedJdbc}, which calls every method of a closed JDBC object
 *       by reflection and reports those that did not refuse;</li>
 *   <li>waiting and ports: {@link io.cistern.testkit.Await} (one argument order: what, how long,
 *       the condition) and {@link io.cistern.testkit.Ports}.</li>
 * </ul>
 *
 * <p>What is not here: temporary SQLite files, which each test takes from JUnit's
 * {@code @TempDir} (a directory of its own, deleted after it, so no kit class is needed);
 * fixtures that know a module's own API (a {@code CisternConfig} for the
 * test server, a memory store on both backends, a faulty cluster) stay in that module's tests,
 * and are shared with other modules through its test-jar where they are needed. Not a mock
 * library: the proxy stands between a real driver and a real server. Not part of any runtime
 * module; nothing here is for production code, and it depends on no Cistern module so that every
 * module can use it.
 */
package io.cistern.testkit;
