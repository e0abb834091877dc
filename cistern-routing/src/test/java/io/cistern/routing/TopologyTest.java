package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.routing.Topology.Layout;
import io.cistern.routing.Topology.Standing;
import io.cistern.routing.health.Role;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role-to-tier computation, case by case, on endpoint standings alone (no server). A tier
 * is written as its endpoint indexes, e.g. {@code [[1, 2], [0]]}: the replicas, then the primary.
 */
class TopologyTest {
    private static final Standing PRIMARY = new Standing(Role.PRIMARY, true, false, false);
    private static final Standing PRIMARY_DOWN = new Standing(Role.PRIMARY, false, false, false);
    private static final Standing PRIMARY_FENCED = new Standing(Role.PRIMARY, true, false, true);
    private static final Standing REPLICA = new Standing(Role.REPLICA, true, false, false);
    private static final Standing REPLICA_DOWN = new Standing(Role.REPLICA, false, false, false);
    private static final Standing UNKNOWN = new Standing(Role.UNKNOWN, false, false, false);
    private static final Standing LOCAL_REPLICA = new Standing(Role.REPLICA, true, true, false);
    private static final Standing LOCAL_PRIMARY = new Standing(Role.PRIMARY, true, true, false);
    private static final Standing ANY = new Standing(Role.ANY, true, false, false);
    private static final Standing LOCAL_ANY = new Standing(Role.ANY, true, true, false);

    static Stream<Arguments> byRole() {
        return Stream.of(
                // case, endpoints, previous target, write target, write tiers, read tiers
                Arguments.of("healthy primary and two replicas", new Standing[] {PRIMARY, REPLICA, REPLICA}, -1,
                        0, "[[0]]", "[[1, 2], [0]]"),
                Arguments.of("the target keeps the writes", new Standing[] {PRIMARY, REPLICA, REPLICA}, 0,
                        0, "[[0]]", "[[1, 2], [0]]"),
                Arguments.of("primary down, no other primary: the old target keeps the writes, its breaker decides",
                        new Standing[] {PRIMARY_DOWN, REPLICA, REPLICA}, 0, 0, "[[0]]", "[[1, 2], [0]]"),
                Arguments.of("primary down before it was ever the target: no writes",
                        new Standing[] {PRIMARY_DOWN, REPLICA}, -1, -1, "[]", "[[1]]"),
                Arguments.of("replica promoted, old primary rejoined as a replica",
                        new Standing[] {REPLICA, PRIMARY, REPLICA}, 0, 1, "[[1]]", "[[0, 2], [1]]"),
                Arguments.of("replica promoted, old primary unreachable with its last role",
                        new Standing[] {PRIMARY_DOWN, PRIMARY, REPLICA}, 0, 1, "[[1]]", "[[2], [1]]"),
                Arguments.of("all replicas down: reads fall back to the primary",
                        new Standing[] {PRIMARY, UNKNOWN, UNKNOWN}, 0, 0, "[[0]]", "[[0]]"),
                Arguments.of("replicas down but still reporting their role stay in their tier (their breakers skip them)",
                        new Standing[] {PRIMARY, REPLICA_DOWN, REPLICA}, 0, 0, "[[0]]", "[[1, 2], [0]]"),
                Arguments.of("two primaries: the target keeps the writes, the other serves nothing",
                        new Standing[] {PRIMARY, PRIMARY, REPLICA}, 0, 0, "[[0]]", "[[2], [0]]"),
                Arguments.of("two primaries, the target being the second one", new Standing[] {PRIMARY, PRIMARY, REPLICA}, 1,
                        1, "[[1]]", "[[2], [1]]"),
                Arguments.of("two primaries and no target yet: the first in configuration order",
                        new Standing[] {REPLICA, PRIMARY, PRIMARY}, -1, 1, "[[1]]", "[[0], [1]]"),
                Arguments.of("a fenced primary does not win the writes back",
                        new Standing[] {PRIMARY_FENCED, PRIMARY, REPLICA}, -1, 1, "[[1]]", "[[2], [1]]"),
                Arguments.of("a fenced primary that is the only primary still gets nothing",
                        new Standing[] {PRIMARY_FENCED, REPLICA}, -1, -1, "[]", "[[1]]"),
                Arguments.of("unknown roles everywhere: nothing to route to",
                        new Standing[] {UNKNOWN, UNKNOWN, UNKNOWN}, -1, -1, "[]", "[]"),
                Arguments.of("roles lost after a primary was known: no writes (the old target is kept only while it reports primary)",
                        new Standing[] {UNKNOWN, UNKNOWN}, 0, -1, "[]", "[]"),
                Arguments.of("hybrid: the local replica is read first", new Standing[] {PRIMARY, LOCAL_REPLICA, REPLICA}, 0,
                        0, "[[0]]", "[[1], [2], [0]]"),
                Arguments.of("hybrid: the local primary is read first and once", new Standing[] {REPLICA, LOCAL_PRIMARY}, -1,
                        1, "[[1]]", "[[1], [0]]"),
                Arguments.of("hybrid: a local primary is preferred for the writes over an earlier one",
                        new Standing[] {PRIMARY, LOCAL_PRIMARY, REPLICA}, -1, 1, "[[1]]", "[[1], [2]]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void byRole(String name, Standing[] endpoints, int previousTarget, int writeTarget, String writes, String reads) {
        Layout layout = Topology.byRole(endpoints, previousTarget);
        assertThat(layout.writeTarget()).as("write target").isEqualTo(writeTarget);
        assertThat(Arrays.deepToString(layout.writeTiers())).as("write tiers").isEqualTo(writes);
        assertThat(Arrays.deepToString(layout.readTiers())).as("read tiers").isEqualTo(reads);
    }

    static Stream<Arguments> withoutRoles() {
        return Stream.of(
                Arguments.of("equal servers: one tier", new Standing[] {ANY, ANY, ANY}, "[[0, 1, 2]]"),
                Arguments.of("hybrid: the local server first, the others after",
                        new Standing[] {ANY, LOCAL_ANY, ANY}, "[[1], [0, 2]]"),
                Arguments.of("liveness is not part of it: a server whose check failed keeps its tier",
                        new Standing[] {new Standing(Role.ANY, false, false, false), ANY}, "[[0, 1]]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void withoutRoles(String name, Standing[] endpoints, String tiers) {
        Layout layout = Topology.withoutRoles(endpoints);
        assertThat(layout.writeTarget()).as("no write target").isEqualTo(-1);
        assertThat(Arrays.deepToString(layout.writeTiers())).as("write tiers").isEqualTo(tiers);
        assertThat(Arrays.deepToString(layout.readTiers())).as("read tiers, the same").isEqualTo(tiers);
    }
}
