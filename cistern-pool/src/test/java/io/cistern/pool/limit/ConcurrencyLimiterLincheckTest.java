package io.cistern.pool.limit;

import io.cistern.pool.AcquireTimeoutException;
import io.cistern.pool.PoolClosedException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of {@link ConcurrencyLimiter}: every interleaving of acquire (without
 * waiting), release and close that Lincheck explores must match some sequential order of the
 * same calls. Permits taken are kept in a shared stack so that any thread may give one back.
 * It found that two concurrent {@code close()} calls both released the waking permits and the
 * second overflowed the semaphore ({@code java.lang.Error: Maximum permit count exceeded}).
 */
public class ConcurrencyLimiterLincheckTest {
    private final ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("lincheck").maxConcurrent(2)
            .acquireTimeout(Duration.ZERO).build();
    private final ConcurrentLinkedDeque<Permit> held = new ConcurrentLinkedDeque<>();

    @Operation
    public String acquire() throws InterruptedException {
        try {
            held.push(limiter.acquire(Duration.ZERO));
            return "acquired";
        } catch (AcquireTimeoutException e) {
            return "none free";
        } catch (PoolClosedException e) {
            return "closed";
        }
    }

    /**
     * Gives back a permit some thread took, if one is there yet. No result: whether the stack
     * holds one depends on when the taker pushed it, which is this test's doing, not the limiter's.
     */
    @Operation
    public void release() {
        Permit p = held.poll();
        if (p != null) {
            p.close();
        }
    }

    @Operation
    public void close() {
        limiter.close();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(100).threads(3).actorsPerThread(3)
                .check(this.getClass());
    }
}
