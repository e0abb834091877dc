package io.cistern.memory.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.store.Backend;
import io.cistern.memory.store.Backends;
import io.cistern.memory.store.MemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KnowledgeGraphTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theReferenceSemantics(Backend backend) {
        try (MemoryStore store = Backends.fresh(backend, dir)) {
            KnowledgeGraph kg = KnowledgeGraph.on(store);
            List<Entity> created = kg.createEntities("ns", List.of(
                    new Entity("Ada", "person", List.of("wrote the first program")),
                    new Entity("Engine", "machine", List.of())));
            assertThat(created).hasSize(2);
            // an existing name is skipped, even with another type
            assertThat(kg.createEntities("ns", List.of(new Entity("Ada", "robot", List.of()),
                    new Entity("Babbage", "person", List.of("designed the engine"))))).extracting(Entity::name)
                    .containsExactly("Babbage");

            assertThat(kg.createRelations("ns", List.of(new Relation("Ada", "Engine", "programmed"),
                    new Relation("Babbage", "Engine", "designed"), new Relation("Ada", "Nobody", "knows")))).hasSize(3);
            assertThat(kg.createRelations("ns", List.of(new Relation("Ada", "Engine", "programmed")))).isEmpty();

            assertThat(kg.addObservations("ns", List.of(new Observations("Ada", List.of("wrote the first program", "was a countess")))))
                    .containsExactly(new ObservationsAdded("Ada", List.of("was a countess")));
            assertThatThrownBy(() -> kg.addObservations("ns", List.of(new Observations("Ada", List.of("lost")),
                    new Observations("Ghost", List.of("x")))))
                    .isInstanceOf(EntityNotFoundException.class).hasMessage("Entity with name Ghost not found");
            assertThat(kg.openNodes("ns", List.of("Ada")).entities().get(0).observations())
                    .as("all or nothing").containsExactly("wrote the first program", "was a countess");

            GraphPage search = kg.search("ns", "COUNTESS", null, KnowledgeGraph.DEFAULT_PAGE);
            assertThat(search.entities()).extracting(Entity::name).containsExactly("Ada");
            assertThat(search.relations()).extracting(Relation::to).containsExactly("Engine", "Nobody");
            assertThat(search.nextCursor()).isEmpty();

            GraphPage open = kg.openNodes("ns", List.of("Engine", "Ghost"));
            assertThat(open.entities()).extracting(Entity::name).containsExactly("Engine");
            assertThat(open.relations()).extracting(Relation::from).containsExactly("Ada", "Babbage");

            kg.deleteObservations("ns", List.of(new Observations("Ada", List.of("was a countess", "never said")),
                    new Observations("Ghost", List.of("x"))));
            kg.deleteRelations("ns", List.of(new Relation("Ada", "Nobody", "knows")));
            kg.deleteEntities("ns", List.of("Babbage", "Ghost"));
            GraphPage all = kg.readGraph("ns", null, KnowledgeGraph.DEFAULT_PAGE);
            assertThat(all.entities()).containsExactly(new Entity("Ada", "person", List.of("wrote the first program")),
                    new Entity("Engine", "machine", List.of()));
            assertThat(all.relations()).containsExactly(new Relation("Ada", "Engine", "programmed"));
            assertThat(kg.readGraph("other", null, 10).entities()).as("namespaces are apart").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pagesCoverTheGraphOnceWithLongTexts(Backend backend) {
        try (MemoryStore store = Backends.fresh(backend, dir)) {
            KnowledgeGraph kg = KnowledgeGraph.on(store);
            String longObservation = "x".repeat(20_000);
            List<Entity> entities = new ArrayList<>();
            List<Relation> relations = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                entities.add(new Entity("e" + i, i % 2 == 0 ? "even" : "odd", List.of(longObservation, "n" + i)));
                relations.add(new Relation("e" + i, "e" + ((i + 7) % 25), "next"));
            }
            kg.createEntities("ns", entities);
            kg.createRelations("ns", relations);

            List<Entity> seen = new ArrayList<>();
            List<Relation> seenRelations = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                GraphPage p = kg.readGraph("ns", cursor, 7);
                assertThat(p.entities().size() + p.relations().size()).isLessThanOrEqualTo(7);
                seen.addAll(p.entities());
                seenRelations.addAll(p.relations());
                cursor = p.nextCursor().orElse(null);
                pages++;
            } while (cursor != null);
            assertThat(seen).isEqualTo(entities);
            assertThat(seenRelations).isEqualTo(relations);
            assertThat(pages).isEqualTo(8);

            // search pages: every matching entity once, every relation touching one of them once
            List<String> names = new ArrayList<>();
            List<Relation> found = new ArrayList<>();
            cursor = null;
            do {
                GraphPage p = kg.search("ns", "EVEN", cursor, 4);
                p.entities().forEach(e -> names.add(e.name()));
                found.addAll(p.relations());
                cursor = p.nextCursor().orElse(null);
            } while (cursor != null);
            assertThat(names).hasSize(13).doesNotHaveDuplicates();
            Set<String> even = new HashSet<>(names);
            assertThat(found).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(relations.stream()
                            .filter(r -> even.contains(r.from()) || even.contains(r.to())).toList());

            assertThatThrownBy(() -> kg.readGraph("ns", "bogus", 10)).hasMessageContaining("cursor = 'bogus' is not allowed");
            assertThatThrownBy(() -> kg.readGraph("ns", null, 0)).hasMessageContaining("limit = 0 is not allowed");
            assertThatThrownBy(() -> kg.createEntities("bad ns", List.of())).hasMessageContaining("namespace = 'bad ns'");
            assertThat(kg.search("ns", "nothing like it", null, 10)).isEqualTo(new GraphPage(List.of(), List.of(), Optional.empty()));
        }
    }
}
