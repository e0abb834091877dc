package io.cistern.memory.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The model's records refuse bad values with messages that name them; templates render. */
class ModelTest {

    static final List<VariableSpec> VARS = List.of(new VariableSpec("topic", "", true, null),
            new VariableSpec("tone", "", false, "neutral"));

    @Test
    void templatesRenderTheirPlaceholdersWithDefaults() {
        PromptTemplate t = PromptTemplate.create("t", "1.2.3", "Write about {{topic}} in a {{ tone }} tone. $1 \\n", VARS);
        assertThat(t.render(Map.of("topic", "rivers"))).isEqualTo("Write about rivers in a neutral tone. $1 \\n");
        assertThat(t.render(Map.of("topic", "lakes", "tone", "dry"))).isEqualTo("Write about lakes in a dry tone. $1 \\n");
        assertThatThrownBy(() -> t.render(Map.of())).hasMessageContaining("required variable 'topic'");
        assertThatThrownBy(() -> t.render(Map.of("topic", "x", "colour", "red")))
                .hasMessageContaining("variable 'colour' is not declared");
        PromptTemplate child = t.derive("2.0.0-beta.1", "{{topic}}!", VARS);
        assertThat(child.parentId()).isEqualTo(t.id());
        assertThat(child.name()).isEqualTo("t");
    }

    @Test
    void templatesRefuseBadVersionsAndUndeclaredPlaceholders() {
        assertThatThrownBy(() -> PromptTemplate.create("t", "1.2", "x", List.of()))
                .hasMessageContaining("version = '1.2' is not allowed");
        assertThatThrownBy(() -> PromptTemplate.create("t", "01.0.0", "x", List.of()))
                .hasMessageContaining("version = '01.0.0'");
        assertThatThrownBy(() -> PromptTemplate.create("t", "1.0.0", "{{missing}}", VARS))
                .hasMessageContaining("placeholder {{missing}}");
        assertThatThrownBy(() -> PromptTemplate.create("t", "1.0.0", "x", List.of(VARS.get(0), VARS.get(0))))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> new VariableSpec("9lives", "", true, null)).hasMessageContaining("variable name '9lives'");
    }

    @Test
    void recordsRefuseValuesOutsideTheirRange() {
        assertThatThrownBy(() -> new ModelParameters("m", 2.5, 10, null)).hasMessageContaining("temperature = 2.5");
        assertThatThrownBy(() -> new ModelParameters("m", 0.5, 0, null)).hasMessageContaining("maxTokens = 0");
        assertThatThrownBy(() -> new TokenUsage(-1, 0)).hasMessageContaining("prompt tokens = -1");
        assertThatThrownBy(() -> new EdgeProperties.References("doc", 1.5)).hasMessageContaining("relevance = 1.5");
        assertThatThrownBy(() -> Edge.of("a", "a", new EdgeProperties.Follows(0))).hasMessageContaining("to itself");
        assertThatThrownBy(() -> Session.create(" ", null, null)).hasMessageContaining("namespace = ' '");
        assertThatThrownBy(() -> NodeKind.fromCode("memo")).hasMessageContaining("node kind 'memo' is unknown");
        assertThatThrownBy(() -> EdgeKind.fromCode("likes")).hasMessageContaining("edge kind 'likes' is unknown");
    }

    @Test
    void toolInvocationsCarryJsonTextAndAreConsistent() {
        Response r = new Response("r", "s", "p", Instant.now(), "x", new TokenUsage(1, 1), "stop", 1);
        assertThatThrownBy(() -> ToolInvocation.succeeded(r, "search", "{not json", "{}", 1, 0))
                .hasMessageContaining("parametersJson = '{not json' is not allowed; allowed: JSON text");
        assertThatThrownBy(() -> new ToolInvocation("t", "s", "r", Instant.now(), "x", "{}", "{}", "boom", 1, true, 0))
                .hasMessageContaining("error = 'boom' is not allowed on a successful invocation");
        ToolInvocation failed = ToolInvocation.failed(r, "search", null, "timeout", 30, 2);
        assertThat(failed.parametersJson()).isEqualTo("{}");
        assertThat(failed.resultJson()).isNull();
        assertThat(failed.sessionId()).isEqualTo("s");
        assertThat(new TokenUsage(3, 4).total()).isEqualTo(7);
    }

    @Test
    void timesAreKeptToTheMillisecondSoStoredNodesCompareEqual() {
        Instant precise = Instant.parse("2026-01-01T00:00:00.123456789Z");
        Session s = new Session("s", "default", precise, null, null, null);
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(s.updatedAt()).isEqualTo(s.createdAt());
    }

    @Test
    void newIdsAreVersion7UuidsThatSortByTheMillisecondTheyWereMadeIn() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Ids.newId();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(7);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            assertThat(seen.add(id)).as("id %s made twice", id).isTrue();
        }
        long before = System.currentTimeMillis();
        String earlier = Ids.newId();
        long deadline = before + 10_000;
        while (System.currentTimeMillis() <= before + 1 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait(); // the next millisecond but one: the later id's time field is then larger
        }
        String later = Ids.newId();
        long after = System.currentTimeMillis();
        assertThat(later).isGreaterThan(earlier);
        // the first 48 bits are the milliseconds since the epoch
        long millis = UUID.fromString(later).getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before + 2, after);
    }
}
