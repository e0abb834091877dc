/**
 * The chat-memory harness: the cost of one framework {@code ChatMemory.add} as the conversation
 * grows, for Cistern's LangChain4j and Spring AI adapters, Spring AI's {@code JdbcChatMemoryRepository}
 * on HikariCP, and LangChain4j's in-memory store as the floor, on a SQLite file and on one embedded
 * PostgreSQL. A plain harness (warm-up, then the median of timed adds), not JMH: one add changes the
 * state the next one measures. Not a test: it asserts nothing.
 */
package io.cistern.bench.chat;
