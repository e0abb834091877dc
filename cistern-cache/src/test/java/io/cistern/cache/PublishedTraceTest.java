package io.cistern.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cistern.cache.trace.Replay;
import io.cistern.cache.trace.Trace;
import io.cistern.cache.trace.TraceDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact LRU against the figures published for the OLTP trace in the ARC paper (Megiddo and
 * Modha, FAST 2003), as listed in the trace folder's README.
 */
class PublishedTraceTest {

    private static Path traces;

    @BeforeAll
    static void locateTraces() {
        Optional<Path> found = TraceDirectory.locate();
        assumeTrue(found.isPresent(), "the shared trace folder ../shared/data/cache-traces is not there "
                + "(set -D" + TraceDirectory.PROPERTY + "=DIR to point at it); the published-trace tests need it");
        traces = found.get();
    }

    @Test
    void oltpTraceHasTheRequestsAndKeysTheReadmeGives() throws IOException {
        Trace oltp = Trace.read(traces.resolve("arc/OLTP.lis.gz"));

        assertThat(oltp.keys()).hasSize(914_145);
        assertThat(oltp.distinctKeys()).isEqualTo(186_880);
    }

    @Test
    void lruScoresTheArcPapersHitsOnOltp() throws IOException {
        Trace oltp = Trace.read(traces.resolve("arc/OLTP.lis.gz"));

        assertLruHits(oltp, 1_000, 300_122);
        assertLruHits(oltp, 2_000, 388_235);
    }

    @Test
    void lruAndFifoScoreNothingOnACyclicScanLargerThanTheCache() throws IOException {
        Trace loop = Trace.read(traces.resolve("lirs/loop.trace.gz"));

        for (EvictionPolicy policy : new EvictionPolicy[] {EvictionPolicy.LRU, EvictionPolicy.FIFO}) {
            QueryCache<Long, Long> cache = QueryCache.builder().maximumSize(768).evictionPolicy(policy).build();
            assertThat(Replay.hits(loop, cache)).as(policy.name()).isZero();
        }
    }

    @Test
    void everyPolicyMissesOnlyEachKeysFirstRequestWhenTheWholeTraceFits() throws IOException {
        Trace loop = Trace.read(traces.resolve("lirs/loop.trace.gz"));
        long distinct = loop.distinctKeys();

        for (EvictionPolicy policy : EvictionPolicy.values()) {
            QueryCacheBuilder builder = QueryCache.builder().evictionPolicy(policy);
            QueryCache<Long, Long> cache = policy == EvictionPolicy.TTL_ONLY
                    ? builder.defaultTtl(Duration.ofDays(1)).build()
                    : builder.maximumSize(distinct).build();
            assertThat(Replay.hits(loop, cache)).as(policy.name()).isEqualTo(loop.keys().length - distinct);
        }
    }

    private static void assertLruHits(Trace trace, long size, long expectedHits) {
        QueryCache<Long, Long> cache = QueryCache.builder().maximumSize(size).evictionPolicy(EvictionPolicy.LRU).build();

        long hits = Replay.hits(trace, cache);

        assertThat(hits).as("LRU hits at %d entries", size).isEqualTo(expectedHits);
        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(expectedHits);
        assertThat(stats.misses()).isEqualTo(trace.keys().length - expectedHits);
        assertThat(stats.evictions()).isEqualTo(stats.misses() - size);
        assertThat(cache.size()).isEqualTo(size);
    }
}
