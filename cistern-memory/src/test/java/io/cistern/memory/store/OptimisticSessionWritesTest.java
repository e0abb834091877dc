package io.cistern.memory.store;

import static io.cistern.memory.store.Fixtures.prompt;
import static io.cistern.memory.store.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the chat adapters need of the store: metadata on turns, create-if-absent, a commit that
 * holds only if a session is as its writer last read it, the uncached session state, reading
 * after a sequence number and paging session ids. On a SQLite file and on PostgreSQL.
 */
class OptimisticSessionWritesTest extends OnBothBackends {

    private static Session session(String id, Map<String, String> metadata) {
        Instant now = Instant.now();
        return new Session(id, "chat", now, now, metadata, List.of());
    }

    @Test
    void turnsKeepTheirMetadataAndTheOldConstructorsMeanNone() {
        Session s = session("s", Map.of());
        store.store(s);
        Prompt p = new Prompt("p", "s", Instant.now(), null, "hi", Map.of(), Fixtures.PARAMS, Map.of("k", "{\"json\":1}"));
        Response r = new Response("r", "s", "p", Instant.now(), "yo", new TokenUsage(0, 0), "stop", 0, Map.of("a", "b"));
        ToolInvocation t = new ToolInvocation("t", "s", "r", Instant.now(), "x", "{}", "1", null, 0, true, 0, Map.of("c", "d"));
        store.batch().add(p).add(r).add(t).commit();
        reopen();
        assertThat(store.get("p")).contains(p);
        assertThat(store.get("r")).contains(r);
        assertThat(store.get("t")).contains(t);
        assertThat(prompt(s, "plain").metadata()).isEmpty();
    }

    @Test
    void addIfAbsentCreatesOnceAndKeepsWhatExists() {
        store.batch().addIfAbsent(session("s", Map.of("v", "1"))).commit();
        store.batch().addIfAbsent(session("s", Map.of("v", "2"))).add(prompt(session("s", Map.of()), "hi")).commit();
        assertThat(store.get("s", Session.class).orElseThrow().metadata()).containsEntry("v", "1");
        assertThat(store.sessionState("s").orElseThrow().lastSeq()).isEqualTo(1);
        Prompt p = prompt(session("s", Map.of()), "taken");
        store.store(p);
        assertThatThrownBy(() -> store.batch().addIfAbsent(session(p.id(), Map.of())).commit())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(p.id()).hasMessageContaining("another kind");
    }

    @Test
    void anExpectationThatNoLongerHoldsWritesNothingAndDropsTheStaleCachedSession() {
        Session s = session("s", Map.of("version", "1"));
        store.store(s);
        assertThat(store.get("s", Session.class).orElseThrow().metadata()).containsEntry("version", "1"); // cached now
        try (MemoryStore other = MemoryStore.open(config)) { // another process moves the version on
            other.store(session("s", Map.of("version", "2")));
        }
        assertThat(store.get("s", Session.class).orElseThrow().metadata()).containsEntry("version", "1"); // still the stale copy
        assertThat(store.sessionState("s").orElseThrow().session().metadata()).containsEntry("version", "2"); // never cached

        Prompt p = prompt(s, "hi");
        assertThatThrownBy(() -> store.batch().add(p).add(session("s", Map.of("version", "3")))
                .expectSessionMetadata("s", "version", "1").commit())
                .isInstanceOf(SessionChangedException.class)
                .hasMessageContaining("session 's' has version = '2', the batch expected '1'");
        assertThat(store.get(p.id())).isEmpty();
        assertThat(store.sessionState("s").orElseThrow().lastSeq()).isZero();
        assertThat(store.get("s", Session.class).orElseThrow().metadata()).containsEntry("version", "2");

        store.batch().add(p).add(session("s", Map.of("version", "3"))).expectSessionMetadata("s", "version", "2").commit();
        assertThat(store.sessionState("s").orElseThrow().lastSeq()).isEqualTo(1);
        assertThat(store.get("s", Session.class).orElseThrow().metadata()).containsEntry("version", "3");
        assertThatThrownBy(() -> store.batch().expectSessionMetadata("none", "version", "1").commit())
                .isInstanceOf(SessionChangedException.class).hasMessageContaining("no such session");
        store.batch().expectSessionMetadata("none", "version", null).commit(); // absent is what it expected
    }

    @Test
    void streamingAfterASequenceNumberReadsOnlyWhatFollowed() {
        Session s = session("s", Map.of());
        store.store(s);
        Batch b = store.batch();
        for (int i = 0; i < 1_200; i++) {
            b.add(prompt(s, "p" + i));
        }
        b.commit();
        assertThat(store.streamSession("s", 1_195).map(SessionEntry::seq).toList()).containsExactly(1_196L, 1_197L, 1_198L, 1_199L, 1_200L);
        assertThat(store.streamSession("s", 100).count()).isEqualTo(1_100);
        assertThat(store.streamSession("s", 1_200)).isEmpty();
        assertThatThrownBy(() -> store.streamSession("s", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("afterSeq = -1");
    }

    @Test
    void sessionIdsArePagedInIdOrderWithinTheirNamespace() {
        for (int i = 0; i < 7; i++) {
            store.store(session("c" + i, Map.of()));
        }
        store.store(Session.create("elsewhere", Map.of(), List.of()));
        List<String> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = "";
        List<String> page;
        do {
            page = store.sessionIds("chat", after, 3);
            sizes.add(page.size());
            all.addAll(page);
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == 3);
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(all).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
        assertThatThrownBy(() -> store.sessionIds("chat", "", 0)).hasMessageContaining("limit = 0 is not allowed");
        assertThat(response(prompt(session("c0", Map.of()), "q"), "a").metadata()).isEmpty();
    }
}
