package io.cistern.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Moves the process's clock an hour ahead, so it runs in a JVM of its own (the module's surefire
 * configuration does not reuse forks): {@link SampledClockTest} compares the clock with the real one.
 */
class ClockDriverTest {

    @Test
    void theDriverMovesEveryReadingForwardAndTimeGoesOnFromThere() throws InterruptedException {
        SampledClock.hold();
        try {
            long before = SampledClock.now();
            ClockDriver.advance(Duration.ofHours(1));
            long after = SampledClock.now();
            assertThat(after - before).isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());
            Thread.sleep(100);
            assertThat(SampledClock.now()).as("later samples keep the jump").isGreaterThan(after);
            assertThat(SampledClock.read() - System.nanoTime()).isGreaterThan(Duration.ofMinutes(59).toNanos());
        } finally {
            SampledClock.release();
        }
    }

    @Test
    void theClockOnlyMovesForward() {
        assertThatThrownBy(() -> ClockDriver.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1000000 ns");
    }

}
