/**
 * The memory store's write benchmark: agents appending turns (a prompt, a response, tool calls
 * and their edges) and reading their session's last 20 turns, on Cistern's store, on plain JDBC
 * writing the same rows on one connection (the limit), and on Spring AI's JDBC chat memory over
 * HikariCP (the peer), side by side in one run. A harness with warm-up and medians, not JMH: the
 * figures are per turn across threads, which JMH's per-invocation model does not fit.
 * Not a test: {@code mvn verify} only compiles it.
 */
package io.cistern.bench.memory;
