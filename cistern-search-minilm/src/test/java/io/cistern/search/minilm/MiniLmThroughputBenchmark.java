package io.cistern.search.minilm;

import io.cistern.memory.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Embedding throughput of the real all-MiniLM-L6-v2 on short agent turns, in texts per second
 * (every benchmark counts one operation per text): one turn per call (an embedding on the write
 * path), and batches of 32 (a background indexer) on LangChain4j's default pool or on one thread.
 *
 * <p>Run from the repository's root:
 * <pre>
 * ./mvnw -B -ntp -q -pl cistern-search-minilm -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp cistern-search-minilm/target/test-classes:cistern-search-minilm/target/classes:$(cat cistern-search-minilm/target/cp.txt) \
 *     org.openjdk.jmh.Main MiniLmThroughputBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class MiniLmThroughputBenchmark {

    private static final int BATCH = 32;

    /** Short turns of an agent conversation, 5 to 20 words, as a chat writes them. */
    private static final List<String> TURNS = List.of(
            "What is the weather in Lisbon tomorrow?",
            "Call get_forecast with city=Lisbon and days=1.",
            "Tomorrow in Lisbon: sunny, 24 degrees, light wind from the north.",
            "Please summarise the meeting notes from Tuesday.",
            "The deployment of the billing service failed with exit code 137.",
            "Restart the pod with more memory and tell me when it is healthy.",
            "Translate 'good morning, how did you sleep' into French.",
            "Which tables does the migration V3 create, and which indexes?");

    private EmbeddingModel pooled;
    private EmbeddingModel oneThread;
    private ExecutorService single;
    private List<String> batch;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        pooled = MiniLm.embeddingModel();
        single = Executors.newSingleThreadExecutor();
        oneThread = MiniLm.embeddingModel(single);
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(TURNS.get(i % TURNS.size()) + " (turn " + i + ")");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        single.shutdownNow();
    }

    @Benchmark
    public float[] oneTurnPerCall() {
        next = (next + 1) % TURNS.size();
        return pooled.embedAll(List.of(TURNS.get(next))).get(0);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<float[]> batchOf32OnTheDefaultPool() {
        return pooled.embedAll(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<float[]> batchOf32OnOneThread() {
        return oneThread.embedAll(batch);
    }
}
