/**
 * LangChain4j chat memory on the Cistern memory store: {@link io.cistern.langchain4j.CisternChatMemoryStore}
 * is a {@code ChatMemoryStore} for {@code MessageWindowChatMemory}, {@code TokenWindowChatMemory}
 * and {@code AiServices}. Appends only what is new, keeps every message whole (LangChain4j's own
 * JSON) and maps conversations onto the lineage graph. LangChain4j is a provided dependency: the
 * application brings its own. Not a chat memory itself: the framework's memories decide what to keep.
 */
package io.cistern.langchain4j;
