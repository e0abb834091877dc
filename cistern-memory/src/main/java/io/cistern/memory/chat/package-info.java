/**
 * Framework-neutral chat memory on the store, shared by the LangChain4j and Spring AI adapters:
 * {@link io.cistern.memory.chat.ChatLog} keeps a conversation's messages as turns of a session
 * (append-only, each message whole in its turn's metadata, mapped onto prompts, responses and tool
 * invocations so that lineage queries work), and the framework's current list of messages as a
 * small view over them. A {@link io.cistern.memory.chat.ChatCodec} is what an adapter supplies.
 * This package does not depend on any framework; it is not a chat memory with a window policy of
 * its own (the frameworks decide what to keep).
 */
package io.cistern.memory.chat;
