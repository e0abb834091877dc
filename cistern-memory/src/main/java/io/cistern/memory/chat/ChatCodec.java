package io.cistern.memory.chat;

/**
 * How an adapter's messages are kept: whole, as the framework's own JSON, and described for the
 * lineage graph.
 *
 * @param <M> the framework's message type
 */
public interface ChatCodec<M> {

    /** @return the adapter's name, stored with every turn it writes ({@code langchain4j}, {@code spring-ai}) */
    String name();

    /**
     * @param message a message
     * @return its JSON text, from which {@link #fromJson} restores an equal message
     */
    String toJson(M message);

    /**
     * @param json text {@link #toJson} wrote
     * @return the message
     */
    M fromJson(String json);

    /**
     * @param message a message
     * @return its role, text and tool calls or results
     */
    ChatTurn describe(M message);
}
