package io.cistern.routing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses one endpoint of a tier (endpoints of equal standing, such as the replicas) for a
 * request, skipping those the request already tried and those whose circuit breaker refuses.
 * The breaker is asked only for the endpoint the strategy prefers, so a refusal costs one more
 * choice, not a scan of every breaker. Allocation-free.
 */
abstract class Balancer {

    static Balancer of(LoadBalancing strategy) {
        switch (strategy) {
            case ROUND_ROBIN: return new RoundRobin();
            case RANDOM: return new RandomChoice();
            case LEAST_CONNECTIONS: return new LeastConnections();
            case HEALTH_BASED: return new HealthBased();
            default: throw new IllegalArgumentException("loadBalancing = " + strategy + " is not supported");
        }
    }

    /**
     * @param tier the endpoints to choose from
     * @param excluded bits of endpoints not to choose
     * @return an endpoint whose breaker granted the request, or {@code null} if none would
     */
    final Endpoint pick(Endpoint[] tier, long excluded) {
        if (tier.length == 1) {
            Endpoint only = tier[0];
            return (excluded & only.bit) == 0 && only.breaker.tryAcquirePermission() ? only : null;
        }
        long refused = excluded;
        for (int i = 0; i < tier.length; i++) {
            Endpoint e = candidate(tier, refused);
            if (e == null) {
                return null;
            }
            if (e.breaker.tryAcquirePermission()) {
                return e;
            }
            refused |= e.bit;
        }
        return null;
    }

    /** @return the strategy's choice among endpoints not in {@code excluded}, or {@code null} if none is left */
    abstract Endpoint candidate(Endpoint[] tier, long excluded);

    /** @return the first endpoint not excluded, scanning from {@code start} and wrapping around */
    static Endpoint firstFrom(Endpoint[] tier, int start, long excluded) {
        int n = tier.length;
        for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
            if ((excluded & tier[i].bit) == 0) {
                return tier[i];
            }
        }
        return null;
    }

    /**
     * Threads take the endpoints in turn, each from its own counter: one of 64 counters chosen by
     * thread id, each on its own cache line and started at a random turn. Why not one shared
     * counter: every request of every thread would then write the same cache line, which at four
     * threads on two cores made a round-robin acquire 3.6 times as slow as a plain one
     * (RoutingAcquireBenchmark). Why not a {@code ThreadLocal}: its lookup was most of what this
     * strategy cost per request. Threads that share a counter (more than 64 threads, or virtual
     * threads) may both take the same turn now and then: counting is not atomic, on purpose, and
     * a repeated turn only sends one more request to one endpoint.
     */
    static final class RoundRobin extends Balancer {
        private static final int COUNTERS = 64;
        /** Ints per 64-byte cache line: counter {@code i} lives at {@code i * SPACING}. */
        private static final int SPACING = 16;
        private final int[] turns = new int[COUNTERS * SPACING];

        RoundRobin() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < COUNTERS; i++) {
                turns[i * SPACING] = random.nextInt();
            }
        }

        @Override
        Endpoint candidate(Endpoint[] tier, long excluded) {
            int i = ((int) Thread.currentThread().getId() & (COUNTERS - 1)) * SPACING;
            int turn = turns[i];
            turns[i] = turn + 1;
            return firstFrom(tier, Math.floorMod(turn, tier.length), excluded);
        }
    }

    static final class RandomChoice extends Balancer {
        @Override
        Endpoint candidate(Endpoint[] tier, long excluded) {
            return firstFrom(tier, ThreadLocalRandom.current().nextInt(tier.length), excluded);
        }
    }

    static final class LeastConnections extends Balancer {
        @Override
        Endpoint candidate(Endpoint[] tier, long excluded) {
            int n = tier.length;
            int start = ThreadLocalRandom.current().nextInt(n);
            Endpoint best = null;
            int fewest = Integer.MAX_VALUE;
            for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
                Endpoint e = tier[i];
                if ((excluded & e.bit) == 0) {
                    int lent = e.lentCount();
                    if (lent < fewest) {
                        fewest = lent;
                        best = e;
                    }
                }
            }
            return best;
        }
    }

    /**
     * Power of two choices on the endpoints' scores (health-check latency plus a penalty per
     * recent failure). Scores within {@link #TOLERANCE_NANOS} or 20 % of each other count as
     * equal and the random draw stands, so equally healthy endpoints share the load instead of
     * the marginally faster one taking all of it.
     */
    static final class HealthBased extends Balancer {
        static final long TOLERANCE_NANOS = 2_000_000;

        @Override
        Endpoint candidate(Endpoint[] tier, long excluded) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Endpoint a = firstFrom(tier, random.nextInt(tier.length), excluded);
            if (a == null) {
                return null;
            }
            Endpoint b = firstFrom(tier, random.nextInt(tier.length), excluded | a.bit);
            if (b == null) {
                return a;
            }
            long sa = a.score();
            long sb = b.score();
            long tolerance = Math.max(TOLERANCE_NANOS, Math.min(sa, sb) / 5);
            return Math.abs(sa - sb) <= tolerance || sa < sb ? a : b;
        }
    }
}
