package io.cistern.search.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jEmbeddingModelTest {

    static List<String> turns(int count) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add("turn " + i + ": the agent called the weather tool for city " + (i * 7));
        }
        return texts;
    }

    @Test
    void splitsIntoBatchesAndKeepsTheOrder() {
        HashingEmbeddingModel hashing = new HashingEmbeddingModel("hash-v1", 32);
        LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.builder(hashing).batchSize(4).build();
        List<String> texts = turns(10);

        List<float[]> batched = model.embedAll(texts);

        assertThat(hashing.batchSizes).containsExactly(4, 4, 2);
        assertThat(batched).hasSize(10);
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = model.embedAll(List.of(texts.get(i))).get(0);
            assertThat(batched.get(i)).as("text %d", i).containsExactly(alone);
        }
        // Distinct texts, distinct vectors: the order is the texts' order, not any one vector repeated.
        assertThat(Arrays.equals(batched.get(0), batched.get(1))).isFalse();
    }

    @Test
    void noTextsAskNothingOfTheModel() {
        HashingEmbeddingModel hashing = new HashingEmbeddingModel("hash-v1", 32);

        assertThat(LangChain4jEmbeddingModel.of(hashing).embedAll(List.of())).isEmpty();
        assertThat(hashing.batchSizes).isEmpty();
    }

    @Test
    void theNameIsTheProviderAndTheModelsOwnNameOrItsClass() {
        assertThat(LangChain4jEmbeddingModel.of(new HashingEmbeddingModel("hash-v1", 8)).name())
                .isEqualTo("langchain4j:other:hash-v1");
        assertThat(LangChain4jEmbeddingModel.of(new HashingEmbeddingModel("unknown", 8)).name())
                .isEqualTo("langchain4j:other:" + HashingEmbeddingModel.class.getName());
        assertThat(LangChain4jEmbeddingModel.builder(new HashingEmbeddingModel("unknown", 8)).name("hash/v2").build().name())
                .isEqualTo("hash/v2");
    }

    @Test
    void theDimensionsAreTheModelsUnlessGiven() {
        assertThat(LangChain4jEmbeddingModel.of(new HashingEmbeddingModel("hash-v1", 24)).dimensions()).isEqualTo(24);
        assertThat(LangChain4jEmbeddingModel.builder(new HashingEmbeddingModel("hash-v1", 24)).dimensions(24).build()
                .dimensions()).isEqualTo(24);
    }

    @Test
    void aVectorOfTheWrongLengthIsAnErrorNamingTheModelAndBothLengths() {
        LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.builder(
                new HashingEmbeddingModel("hash-v1", 16).returningLength(15)).batchSize(2).build();

        assertThatThrownBy(() -> model.embedAll(turns(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("langchain4j:other:hash-v1")
                .hasMessageContaining("length 15")
                .hasMessageContaining("expected length 16")
                .hasMessageContaining("text 0");
    }

    @Test
    void fewerVectorsThanTextsIsAnError() {
        LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.builder(
                new HashingEmbeddingModel("hash-v1", 16).dropping(1)).batchSize(3).build();

        assertThatThrownBy(() -> model.embedAll(turns(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 2 vectors for 3 texts (texts 0 to 2)");
    }

    @Test
    void aNonFiniteComponentIsAnError() {
        LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.of(
                new HashingEmbeddingModel("hash-v1", 16).poisonedWith(Float.NaN));

        assertThatThrownBy(() -> model.embedAll(turns(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned NaN at component 0 of the vector of text 0");
    }

    @Test
    void aBlankOrNullTextIsRejectedNamingItsPositionBeforeTheModelIsAsked() {
        HashingEmbeddingModel hashing = new HashingEmbeddingModel("hash-v1", 16);
        LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.of(hashing);

        assertThatThrownBy(() -> model.embedAll(List.of("fine", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1 of 2 is blank");
        assertThatThrownBy(() -> model.embedAll(Arrays.asList("fine", null)))
                .hasMessageContaining("text 1 of 2 is null");
        assertThat(hashing.batchSizes).isEmpty();
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        LangChain4jEmbeddingModel.Builder builder = LangChain4jEmbeddingModel.builder(new HashingEmbeddingModel("h", 4));
        assertThatThrownBy(() -> builder.batchSize(0)).hasMessageContaining("batch size 0").hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> builder.dimensions(0)).hasMessageContaining("dimensions = 0");
        assertThatThrownBy(() -> builder.name(" ")).hasMessageContaining("name ' '");
        assertThatThrownBy(() -> LangChain4jEmbeddingModel.of(new HashingEmbeddingModel("h", 0)))
                .hasMessageContaining("reports 0 dimensions");
    }
}
