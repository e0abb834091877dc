package io.cistern.pool;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of the pool's containers with overtaking allowed (the default), in a
 * pool of one resource: a released entry stays idle for whoever asks first and the oldest waiter
 * is woken to ask; created entries still go to the queue. The overtake limit is an hour, so no
 * waiter here passes it and no result depends on the clock. Every result must match a sequential
 * run (linearizability) and the invariants must hold; see {@link PoolContainersModel} and, for
 * why one slot, {@link StrictFifoLincheckTest}.
 */
public class OvertakingLincheckTest extends PoolContainersModel {
    public OvertakingLincheckTest() {
        super(1, TimeUnit.HOURS.toNanos(1));
    }

    @Test
    void linearizableAndInvariantsHold() {
        modelChecking().check(getClass());
    }
}
