package io.cistern.search.langchain4j;

/** The package's stand-in LangChain4j model, for tests of other packages. */
public final class TestModels {

    private TestModels() {
    }

    /** @return a deterministic LangChain4j model of character trigrams hashed into this many dimensions */
    public static dev.langchain4j.model.embedding.EmbeddingModel hashing(int dimensions) {
        return new HashingEmbeddingModel("hashing-trigrams", dimensions);
    }
}
