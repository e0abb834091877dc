package io.cistern.search.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.embedding.EmbeddingSettings;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Session;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.search.hybrid.FusedHit;
import io.cistern.search.langchain4j.LangChain4jEmbeddingModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hybrid recall through a real store (SQLite file and PostgreSQL) with a deterministic stand-in model. */
class MemoryRecallTest extends OnBothBackends {

    private static final ModelParameters PARAMS = new ModelParameters("gpt-4o", 0.2, 512, List.of());

    private void withEmbeddings() {
        store.close();
        config = config.toBuilder().embedding(EmbeddingSettings.onWritePath(LangChain4jEmbeddingModel.of(io.cistern.search.langchain4j.TestModels.hashing(64)))).build();
        store = MemoryStore.open(config);
    }

    private Session session(String namespace) {
        Session s = Session.create(namespace, Map.of(), List.of());
        store.store(s);
        return s;
    }

    private Prompt prompt(Session s, String text) {
        Prompt p = Prompt.create(s.id(), text, PARAMS);
        store.store(p);
        return p;
    }

    @Test
    void aTurnBothSearchesRankHighComesFirstAndCarriesBothContributions() {
        withEmbeddings();
        Session s = session("acme");
        Prompt both = prompt(s, "the rhine floods every spring near the delta");
        prompt(s, "the danube freezes in winter");
        prompt(s, "tax forms are due in april");
        Session other = session("acme-evil");
        Prompt lookAlike = prompt(other, "the rhine floods every spring near the delta");

        List<FusedHit> hits = MemoryRecall.over(store).build().recall("acme", "When does the Rhine flood in spring?", 10);

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).id()).isEqualTo(both.id());
        assertThat(hits.get(0).contributionOf(MemoryRecall.FULL_TEXT)).isPresent();
        assertThat(hits.get(0).contributionOf(MemoryRecall.SEMANTIC)).isPresent();
        // the look-alike namespace's identical turn is never recalled
        assertThat(hits).extracting(FusedHit::id).doesNotContain(lookAlike.id());
    }

    @Test
    void aQuestionFindsTurnsThatHoldOnlySomeOfItsWords() {
        Session s = session("acme");
        Prompt some = prompt(s, "invoices go out on fridays");
        prompt(s, "nothing in common here");

        List<FusedHit> hits = MemoryRecall.over(store).build().recall("acme", "what did she say about invoices?", 5);

        assertThat(hits).extracting(FusedHit::id).containsExactly(some.id());
        assertThat(hits.get(0).contributions()).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo(MemoryRecall.FULL_TEXT));
    }

    @Test
    void eachSearchsWeightIsWhatItsContributionsCarryAndTheScoreIsTheirSum() {
        withEmbeddings();
        Session s = session("acme");
        prompt(s, "zebra crossings on the high street");
        prompt(s, "zebras crossing the river");

        List<FusedHit> hits = MemoryRecall.over(store).fullTextWeight(5).semanticWeight(0.5).build()
                .recall("acme", "zebra crossings", 2);

        assertThat(hits).hasSize(2);
        for (FusedHit h : hits) {
            h.contributionOf(MemoryRecall.FULL_TEXT).ifPresent(c -> assertThat(c.weight()).isEqualTo(5.0));
            h.contributionOf(MemoryRecall.SEMANTIC).ifPresent(c -> assertThat(c.weight()).isEqualTo(0.5));
            assertThat(h.score()).isCloseTo(h.contributions().stream().mapToDouble(c -> c.share()).sum(),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void badSettingsAndTextAreRefusedByName() {
        assertThatThrownBy(() -> MemoryRecall.over(store).semanticWeight(0).build())
                .hasMessage("recall semanticWeight = 0.0 is not allowed; allowed: a finite weight above 0");
        assertThatThrownBy(() -> MemoryRecall.over(store).k(-1).build())
                .hasMessage("recall k = -1 is not allowed; allowed: 0 or more");
        assertThatThrownBy(() -> MemoryRecall.over(store).build().recall("acme", "?!", 5))
                .hasMessageContaining("recall text = '?!' is not allowed");
        assertThatThrownBy(() -> MemoryRecall.over(store).build().recall("acme", "rhine", 0))
                .hasMessage("recall limit = 0 is not allowed; allowed: 1 to 1000");
    }
}
