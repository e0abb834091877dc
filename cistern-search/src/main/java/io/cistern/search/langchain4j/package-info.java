/**
 * Any LangChain4j {@code dev.langchain4j.model.embedding.EmbeddingModel} (OpenAI, Ollama, the
 * in-process ONNX models, ...) as the memory store's {@link io.cistern.memory.embedding.EmbeddingModel}:
 * {@link io.cistern.search.langchain4j.LangChain4jEmbeddingModel}.
 *
 * <p>Needs {@code dev.langchain4j:langchain4j-core} on the class path, which this module declares
 * optional: whoever picks a LangChain4j model brings LangChain4j. Not a model itself and no client
 * of any service: the wrapped model does the work, on the caller's thread.
 */
package io.cistern.search.langchain4j;
