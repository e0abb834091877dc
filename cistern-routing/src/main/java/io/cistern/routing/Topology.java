package io.cistern.routing;

import io.cistern.routing.health.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Which endpoints may serve reads and writes, in order of preference, as the last role checks
 * left it. Immutable; replaced as a whole when a role changes, so a request reads it with one
 * volatile read. Liveness is not part of it: each request asks the breakers, which react faster
 * than any check.
 *
 * <p>The computation from roles is here as pure functions over endpoint indexes
 * ({@link #byRole}, {@link #withoutRoles}), so every failover case can be checked without a
 * server; {@link #of} puts the endpoints in. Choosing an endpoint per request is
 * {@link EndpointRouter}'s.
 *
 * @param writeTarget the endpoint that takes writes, or {@code null} when none is known
 * @param writeTiers tiers for writes: a request tries the first tier, then the next
 * @param readTiers tiers for reads
 */
record Topology(Endpoint writeTarget, Endpoint[][] writeTiers, Endpoint[][] readTiers) {
    private static final int[][] NO_TIERS = new int[0][];

    /**
     * What the computation knows of one endpoint.
     *
     * @param role its role as the last check found it
     * @param available whether it answered its last check and its breaker is not open
     * @param local whether it is the preferred (local) endpoint of a hybrid cluster
     * @param fenced whether writes moved away from it and it has not been seen as a replica since
     */
    record Standing(Role role, boolean available, boolean local, boolean fenced) {
    }

    /**
     * A topology by endpoint index.
     *
     * @param writeTarget the index of the endpoint taking writes, or -1
     * @param writeTiers tiers for writes, by index
     * @param readTiers tiers for reads, by index
     */
    record Layout(int writeTarget, int[][] writeTiers, int[][] readTiers) {
    }

    /**
     * Roles detected: writes go to one primary, reads to the local endpoint when it is a replica
     * or the write target, then to the replicas, then to the write target.
     *
     * <p>The write target stays where it was while that endpoint is still a primary and
     * available; otherwise the first available, unfenced primary in preference order (the local
     * endpoint first) takes it; when none is, the old target keeps the writes while it still
     * reports itself primary, and its breaker decides. A second primary that is not the target
     * serves nothing.
     *
     * @param endpoints the endpoints in configuration order
     * @param previousTarget the index of the current write target, or -1
     * @return the new layout
     */
    static Layout byRole(Standing[] endpoints, int previousTarget) {
        int chosen = previousTarget >= 0 && endpoints[previousTarget].role() == Role.PRIMARY
                && endpoints[previousTarget].available() ? previousTarget : -1;
        for (int i : preferenceOrder(endpoints)) {
            Standing e = endpoints[i];
            if (chosen < 0 && e.role() == Role.PRIMARY && e.available() && !e.fenced()) {
                chosen = i;
            }
        }
        if (chosen < 0 && previousTarget >= 0 && endpoints[previousTarget].role() == Role.PRIMARY) {
            // No other primary answers: keep sending writes to the old one; its breaker decides.
            chosen = previousTarget;
        }
        List<int[]> reads = new ArrayList<>();
        List<Integer> replicas = new ArrayList<>();
        int local = -1;
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i].local()) {
                local = i;
            } else if (endpoints[i].role() == Role.REPLICA) {
                replicas.add(i);
            }
        }
        if (local >= 0 && (endpoints[local].role() == Role.REPLICA || local == chosen)) {
            reads.add(new int[] {local});
        }
        if (!replicas.isEmpty()) {
            reads.add(replicas.stream().mapToInt(Integer::intValue).toArray());
        }
        if (chosen >= 0 && chosen != local) {
            reads.add(new int[] {chosen});
        }
        int[][] writes = chosen < 0 ? NO_TIERS : new int[][] {{chosen}};
        return new Layout(chosen, writes, reads.toArray(new int[0][]));
    }

    /**
     * No roles detected (equal servers): reads and writes alike go to each local endpoint, then
     * to all the others as one tier.
     *
     * @param endpoints the endpoints in configuration order
     * @return the layout, with no write target
     */
    static Layout withoutRoles(Standing[] endpoints) {
        List<int[]> tiers = new ArrayList<>();
        List<Integer> remote = new ArrayList<>();
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i].local()) {
                tiers.add(new int[] {i});
            } else {
                remote.add(i);
            }
        }
        tiers.add(remote.stream().mapToInt(Integer::intValue).toArray());
        int[][] all = tiers.toArray(new int[0][]);
        return new Layout(-1, all, all);
    }

    /** Local endpoints first (the last one configured first of all), the others in configuration order. */
    private static List<Integer> preferenceOrder(Standing[] endpoints) {
        List<Integer> order = new ArrayList<>(endpoints.length);
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i].local()) {
                order.add(0, i);
            } else {
                order.add(i);
            }
        }
        return order;
    }

    /**
     * @param layout the layout by index
     * @param endpoints the endpoints its indexes name
     * @return the topology of those endpoints
     */
    static Topology of(Layout layout, Endpoint[] endpoints) {
        Endpoint[][] writes = resolve(layout.writeTiers(), endpoints);
        Endpoint[][] reads = layout.readTiers() == layout.writeTiers() ? writes : resolve(layout.readTiers(), endpoints);
        return new Topology(layout.writeTarget() < 0 ? null : endpoints[layout.writeTarget()], writes, reads);
    }

    private static Endpoint[][] resolve(int[][] tiers, Endpoint[] endpoints) {
        Endpoint[][] out = new Endpoint[tiers.length][];
        for (int t = 0; t < tiers.length; t++) {
            out[t] = new Endpoint[tiers[t].length];
            for (int i = 0; i < tiers[t].length; i++) {
                out[t][i] = endpoints[tiers[t][i]];
            }
        }
        return out;
    }
}
