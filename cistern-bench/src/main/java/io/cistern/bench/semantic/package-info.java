/**
 * Semantic search latency at scale: a store with 10 thousand, 100 thousand and 1 million stored
 * turns of 384-dimensional vectors, searched in a namespace of 10 thousand turns and in one
 * holding all the others, on SQLite and PostgreSQL. A harness (p50/p99 over many queries), not
 * JMH: a query is milliseconds to seconds and the interest is its distribution. Not a test:
 * {@code mvn verify} only compiles it. The scan kernel itself is measured by JMH in
 * {@code io.cistern.memory.embedding.DotProductBenchmark}.
 */
package io.cistern.bench.semantic;
