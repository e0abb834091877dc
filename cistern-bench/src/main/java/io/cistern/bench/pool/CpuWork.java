package io.cistern.bench.pool;

import org.openjdk.jmh.infra.Blackhole;

/** A connection held for a fixed amount of CPU work, as a query that computes rather than waits. */
final class CpuWork {

    private CpuWork() {
    }

    /**
     * Finds how many {@link Blackhole#consumeCPU} tokens take {@code micros} on this machine.
     * The fastest of several timings counts: a single one, taken while the new JVM is still
     * compiling in the background, ran slow in some forks, which shortened the hold and let
     * those forks report more throughput than two cores can give.
     */
    static long tokensFor(int micros) {
        long tokens = 1_000_000;
        Blackhole.consumeCPU(tokens); // warm up
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            Blackhole.consumeCPU(tokens);
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        return Math.max(1, tokens * micros * 1_000L / Math.max(1, fastest));
    }
}
