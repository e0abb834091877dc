/**
 * Spring AI chat memory on the Cistern memory store: {@link io.cistern.springai.CisternChatMemoryRepository}
 * is a {@code ChatMemoryRepository} for {@code MessageWindowChatMemory} and the chat-memory
 * advisors. Appends only what is new, keeps every message whole (tool calls, tool responses,
 * media and metadata included) and maps conversations onto the lineage graph. Spring AI is a
 * provided dependency: the application brings its own. Not a chat memory itself: the framework's
 * memories decide what to keep.
 */
package io.cistern.springai;
