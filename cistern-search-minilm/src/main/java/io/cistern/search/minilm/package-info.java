/**
 * The default embedding model for the memory store's semantic recall: all-MiniLM-L6-v2
 * (sentence-transformers, 384 dimensions), which LangChain4j ships inside a jar and runs
 * in-process through ONNX Runtime: {@link io.cistern.search.minilm.MiniLm#embeddingModel()}.
 *
 * <p>Nothing is downloaded at run time and no service is called; the price is about 200 MB of
 * jars (the model 83 MB, ONNX Runtime's natives 93 MB, the tokenizer's 19 MB) and CPU time on the
 * caller's threads. Not a general model loader: any other LangChain4j model goes through
 * {@link io.cistern.search.langchain4j.LangChain4jEmbeddingModel}.
 */
package io.cistern.search.minilm;
