package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.model.VariableSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lineage on a generated graph of over 100,000 nodes, written with batch inserts, checked against
 * the generator's own record of what it wrote (cache off, so every answer comes from the database).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class LineageAtScaleTest {

    static final int FAMILIES = 5;
    static final int VERSIONS = 40;
    static final int SESSIONS = 400;
    static final int TURNS = 83;

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    /** What the generator wrote for one turn. */
    record Turn(Prompt prompt, Response response, ToolInvocation tool, int family, int version) {
    }

    @Test
    void lineageOfResponsesInAHundredThousandNodeGraph() {
        ModelParameters params = new ModelParameters("m", 0.5, 128, List.of("t"));
        List<VariableSpec> vars = List.of(new VariableSpec("x", "", true, null));
        try (MemoryStore store = MemoryStore.open(backend.freshConfig(dir).cacheSize(0).build())) {
            List<List<PromptTemplate>> families = new ArrayList<>();
            Batch templates = store.batch();
            for (int f = 0; f < FAMILIES; f++) {
                List<PromptTemplate> chain = new ArrayList<>();
                PromptTemplate t = PromptTemplate.create("family" + f, "1.0.0", "F" + f + " {{x}}", vars);
                chain.add(t);
                templates.add(t);
                for (int v = 1; v < VERSIONS; v++) {
                    PromptTemplate next = t.derive("1." + v + ".0", "F" + f + " v" + v + " {{x}}", vars);
                    templates.add(next).add(Edge.of(next, t, new EdgeProperties.Inherits("v" + v)));
                    chain.add(next);
                    t = next;
                }
                families.add(chain);
            }
            templates.commit();

            SplittableRandom random = new SplittableRandom(42);
            List<List<Turn>> sessions = new ArrayList<>();
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int s = 0; s < SESSIONS; s++) {
                Session session = new Session("s" + s, "default", t0, t0, Map.of(), List.of());
                Batch batch = store.batch().add(session);
                List<Turn> turns = new ArrayList<>();
                Prompt previous = null;
                for (int i = 0; i < TURNS; i++) {
                    Instant at = t0.plusSeconds(i);
                    int family = random.nextInt(FAMILIES);
                    int version = i % 2 == 0 ? random.nextInt(VERSIONS) : -1;
                    PromptTemplate template = version < 0 ? null : families.get(family).get(version);
                    Prompt p = new Prompt("p" + s + "." + i, session.id(), at, template == null ? null : template.id(),
                            "prompt " + i, Map.of(), params);
                    Response r = new Response("r" + s + "." + i, session.id(), p.id(), at, "response " + i,
                            new TokenUsage(3, 4), "stop", 5);
                    ToolInvocation tool = new ToolInvocation("t" + s + "." + i, session.id(), r.id(), at, "search",
                            "{}", "{}", null, 1, true, 0);
                    batch.add(p).add(r).add(tool)
                            .add(Edge.of(r, p, new EdgeProperties.RespondsTo(5)))
                            .add(Edge.of(r, tool, new EdgeProperties.Invokes(0, true)));
                    if (previous != null) {
                        batch.add(Edge.of(p, previous, new EdgeProperties.Follows(1000)));
                    }
                    if (template != null) {
                        batch.add(Edge.of(p, template, new EdgeProperties.Instantiates(template.version(), Map.of())));
                    }
                    turns.add(new Turn(p, r, tool, family, version));
                    previous = p;
                }
                batch.commit();
                sessions.add(turns);
            }
            StoreStatistics stats = store.statistics();
            assertThat(stats.totalNodes()).isEqualTo(FAMILIES * VERSIONS + SESSIONS * (1 + 3L * TURNS))
                    .isGreaterThanOrEqualTo(100_000);

            for (int q = 0; q < 300; q++) {
                List<Turn> turns = sessions.get(random.nextInt(SESSIONS));
                int i = random.nextInt(TURNS);
                Turn turn = turns.get(i);
                int depth = q % 3 == 0 ? MemoryStore.MAX_LINEAGE_DEPTH : 1 + random.nextInt(12);
                Lineage lineage = store.lineage(turn.response().id(), depth).orElseThrow();

                assertThat(lineage.response()).isEqualTo(turn.response());
                assertThat(lineage.prompt()).isEqualTo(turn.prompt());
                List<Prompt> earlier = new ArrayList<>();
                for (int k = i - 1; k >= 0 && earlier.size() < depth - 1; k--) {
                    earlier.add(turns.get(k).prompt());
                }
                assertThat(lineage.earlierPrompts()).isEqualTo(earlier);
                List<PromptTemplate> chain = new ArrayList<>();
                for (int v = turn.version(); v >= 0 && chain.size() < depth; v--) {
                    chain.add(families.get(turn.family()).get(v));
                }
                assertThat(lineage.templates()).isEqualTo(chain);
                assertThat(lineage.tools()).containsExactly(turn.tool());
            }
        }
    }
}
