package io.cistern.bench.memory;

import java.util.function.LongConsumer;

/** One way of keeping agent memory, as the benchmark drives it: an agent per thread. */
interface Contender extends AutoCloseable {

    /**
     * @param index the agent's number, from 0
     * @return a new agent with a fresh conversation; used by one thread
     */
    AgentLoop agent(int index) throws Exception;

    /** One agent's conversation. */
    interface AgentLoop {
        /** Starts a new conversation: the next turn is its first. */
        void newConversation() throws Exception;

        /**
         * Appends turn {@code t}: its prompt, its response and its tool calls with their edges.
         *
         * @param appendNanos told the time of each durable write it makes (one per acknowledged append)
         */
        void turn(int t, LongConsumer appendNanos) throws Exception;

        /** @return how many turns it read: the conversation's last {@value Turns#RECENT} */
        int readRecent() throws Exception;
    }

    @Override
    void close() throws Exception;
}
