package io.cistern.search.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.cistern.memory.embedding.EmbeddingModel;
import io.cistern.search.langchain4j.LangChain4jEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real all-MiniLM-L6-v2, in-process through ONNX: no network, no stand-in. */
class MiniLmTest {

    /** One instance for the class: the ONNX model is loaded once per class loader anyway. */
    static final EmbeddingModel MODEL = MiniLm.embeddingModel();

    static final List<String> TURNS = List.of(
            "What is the weather in Lisbon tomorrow?",
            "Call get_forecast with city=Lisbon and days=1.",
            "Tomorrow in Lisbon: sunny, 24 degrees.",
            "Please summarise the meeting notes from Tuesday.",
            "The deployment of the billing service failed with exit code 137.",
            "Restart the pod with more memory.",
            "Translate 'good morning' into French.",
            "Bonjour.",
            "Which tables does the migration V3 create?",
            "entities, observations and relations");

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }

    static double norm(float[] vector) {
        double sum = 0;
        for (float component : vector) {
            sum += component * component;
        }
        return Math.sqrt(sum);
    }

    @Test
    void vectorsHave384DimensionsAndUnitLength() {
        assertThat(MODEL.dimensions()).isEqualTo(384);
        assertThat(MODEL.name()).isEqualTo("langchain4j-onnx:sentence-transformers/all-MiniLM-L6-v2");

        List<float[]> vectors = MODEL.embedAll(TURNS);

        assertThat(vectors).hasSize(TURNS.size()).allSatisfy(vector -> {
            assertThat(vector).hasSize(384);
            // Normalised: cosine similarity is the dot product.
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        });
    }

    /**
     * Each row: an anchor, a paraphrase with few words in common, and a text on another subject
     * (some sharing words with the anchor). Two rows whose distractor shared the anchor's key word
     * on another subject ("the deployment of troops was announced today", "this email address is
     * too long to register") were won by the distractor (0.413 against 0.399, 0.525 against 0.510):
     * the model leans on shared words, which docs/SEARCH.md ("Embedding models") reports; they are not kept here
     * because this test checks the model is wired and sane, not how good it is.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            the cat sat on the mat                    | a kitten is sitting on a rug                    | quarterly stock prices fell
            how do I reset my password                | I forgot my login credentials                   | the password of the wifi at the cafe is printed on the menu
            the deployment failed with out of memory  | the pod was killed for exceeding its RAM limit  | we planted tomatoes in the garden
            book a flight to Tokyo for next Monday    | reserve a plane ticket to Japan                 | next Monday the library opens late
            the patient has a high fever              | the sick person's temperature is elevated       | the fans were in a fever over the high score
            summarise this long email for me          | give me a short digest of the message           | the river flooded the village last spring
            """)
    void aParaphraseIsCloserThanAnUnrelatedText(String anchor, String paraphrase, String unrelated) {
        List<float[]> vectors = MODEL.embedAll(List.of(anchor, paraphrase, unrelated));

        double close = cosine(vectors.get(0), vectors.get(1));
        double far = cosine(vectors.get(0), vectors.get(2));
        assertThat(close).as("cos(anchor, paraphrase) = %.3f, cos(anchor, unrelated) = %.3f", close, far)
                .isGreaterThan(far);
    }

    @Test
    void aBatchGivesTheVectorsOfOneByOne() {
        List<float[]> batch = MODEL.embedAll(TURNS);

        for (int i = 0; i < TURNS.size(); i++) {
            float[] alone = MODEL.embedAll(List.of(TURNS.get(i))).get(0);
            // LangChain4j runs every text as its own ONNX input (no padding to the batch's longest),
            // so the numbers are the same, not merely close.
            assertThat(batch.get(i)).as("turn %d", i).containsExactly(alone);
        }
    }

    @Test
    void batchesSmallerThanTheTextsGiveTheSameVectors() {
        EmbeddingModel inThrees = LangChain4jEmbeddingModel.builder(new AllMiniLmL6V2EmbeddingModel())
                .name(MiniLm.NAME).dimensions(MiniLm.DIMENSIONS).batchSize(3).build();

        List<float[]> inOne = MODEL.embedAll(TURNS);
        List<float[]> inBatches = inThrees.embedAll(TURNS);

        for (int i = 0; i < TURNS.size(); i++) {
            assertThat(inBatches.get(i)).as("turn %d", i).containsExactly(inOne.get(i));
        }
    }

    @Test
    void concurrentCallsGiveEachCallerItsOwnVectors() throws Exception {
        List<float[]> expected = new ArrayList<>();
        for (String turn : TURNS) {
            expected.add(MODEL.embedAll(List.of(turn)).get(0));
        }
        int callers = 4;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                int offset = caller;
                calls.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        // Each caller in its own order, alone and in a batch, so that a shared buffer would show.
                        int index = (offset * 3 + round) % TURNS.size();
                        assertThat(MODEL.embedAll(List.of(TURNS.get(index))).get(0)).containsExactly(expected.get(index));
                        List<float[]> all = MODEL.embedAll(TURNS);
                        for (int i = 0; i < TURNS.size(); i++) {
                            assertThat(all.get(i)).containsExactly(expected.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(5, TimeUnit.MINUTES); // generous: a loaded 2-core machine
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelToldTheWrongDimensionsFailsNamingBothLengths() {
        EmbeddingModel misconfigured = LangChain4jEmbeddingModel.builder(new AllMiniLmL6V2EmbeddingModel())
                .name("minilm-as-512").dimensions(512).build();

        assertThatThrownBy(() -> misconfigured.embedAll(List.of("hello")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("minilm-as-512")
                .hasMessageContaining("length 384")
                .hasMessageContaining("expected length 512");
    }

    @Test
    void aTurnLongerThanTheModelsWindowStillGivesOneUnitVector() {
        String longTurn = String.join(" ", java.util.Collections.nCopies(400, "the billing service deployment failed again"));

        float[] vector = MODEL.embedAll(List.of(longTurn)).get(0);

        assertThat(vector).hasSize(384);
        assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        assertThat(cosine(vector, MODEL.embedAll(List.of("the billing service deployment failed again")).get(0)))
                .isGreaterThan(0.8);
    }
}
