package io.cistern.pool;

import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of the pool's containers with two slots and overtaking allowed: scans
 * that start at each thread's own slot and wrap, installs into the lowest free slot, several
 * entries retired by one scan. Results are not compared with a sequential run here: a scan over
 * several slots is weakly consistent by design (an entry released behind it while another is
 * taken ahead of it is missed, and the caller queues or the housekeeper comes back), so no
 * sequential order need match. What must hold in every interleaving are the invariants
 * {@link PoolContainersModel} checks: one holder per entry, the capacity, every entry idle or held
 * once, every count accounted for.
 */
public class SeveralSlotsLincheckTest extends PoolContainersModel {
    public SeveralSlotsLincheckTest() {
        super(2, TimeUnit.HOURS.toNanos(1));
    }

    @Test
    void invariantsHold() {
        modelChecking().verifier(EpsilonVerifier.class).check(getClass());
    }
}
