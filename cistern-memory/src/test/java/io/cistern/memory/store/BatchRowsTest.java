package io.cistern.memory.store;

import static io.cistern.memory.store.Fixtures.prompt;
import static io.cistern.memory.store.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.search.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch larger than {@link GraphSql#BATCH_ROWS} is sent in several JDBC batches and is still one
 * transaction: every turn, edge and search entry written, in order; a refusal in a later part writes
 * nothing of the earlier ones. On a SQLite file and on PostgreSQL.
 */
class BatchRowsTest extends OnBothBackends {

    private static final int TURNS = 2 * GraphSql.BATCH_ROWS + 3;

    @Test
    void aBatchOfSeveralPartsWritesEveryRowInOrder() {
        Session s = Fixtures.session();
        store.store(s);
        Batch batch = store.batch();
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < TURNS; i++) {
            Prompt p = prompt(s, "tidal question " + i);
            batch.add(p);
            if (!prompts.isEmpty()) {
                batch.add(Edge.of(p, prompts.get(prompts.size() - 1), new EdgeProperties.Follows(1)));
            }
            prompts.add(p);
        }
        batch.commit();

        List<SessionEntry> thread = store.thread(s.id());
        assertThat(thread).extracting(e -> e.node().id()).containsExactlyElementsOf(prompts.stream().map(Prompt::id).toList());
        assertThat(thread).extracting(SessionEntry::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, TURNS).boxed().toList());
        assertThat(store.statistics().edges().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(TURNS - 1);
        assertThat(store.search(SearchQuery.of(s.namespace(), "tidal").limit(1_000)).hits()).hasSize(TURNS);
    }

    @Test
    void aRefusalInALaterPartWritesNothingOfTheBatch() {
        Session s = Fixtures.session();
        store.store(s);
        Batch batch = store.batch();
        Prompt first = prompt(s, "first");
        batch.add(first);
        for (int i = 1; i < TURNS; i++) {
            Prompt p = prompt(s, "q" + i);
            batch.add(p);
            batch.add(Edge.of(p, first, new EdgeProperties.Follows(1)));
        }
        // The last edge points at a response that is not stored: the insert of the last part fails.
        Response missing = response(first, "never stored");
        batch.add(Edge.of(missing.id(), first.id(), new EdgeProperties.RespondsTo(0)));

        assertThatThrownBy(batch::commit).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.id());
        assertThat(store.thread(s.id())).isEmpty();
        assertThat(store.get(first.id())).isEmpty();
        assertThat(store.sessionState(s.id()).orElseThrow().lastSeq()).isZero();
        assertThat(store.statistics().edges().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }
}
