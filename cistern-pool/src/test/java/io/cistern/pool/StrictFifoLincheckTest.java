package io.cistern.pool;

import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of the pool's containers in a strictly fair pool
 * ({@code overtakeLimit} zero) of one resource: while anyone queues, every released or created
 * entry is handed to the oldest waiter, and newcomers skip the fast path. Every result must match
 * a sequential run (linearizability) and the invariants must hold; see {@link PoolContainersModel}.
 * One slot, because with more the scans are weakly consistent by design (an entry can move
 * behind a scan while another moves ahead of it), which {@link SeveralSlotsLincheckTest} covers.
 */
public class StrictFifoLincheckTest extends PoolContainersModel {
    public StrictFifoLincheckTest() {
        super(1, 0L);
    }

    @Test
    void linearizableAndInvariantsHold() {
        modelChecking().check(getClass());
    }
}
