package io.cistern.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SampledClockTest {

    /** Far more than the sampling period: a busy 2-core machine can delay the sampling thread. */
    private static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @Test
    void readsFollowTheSystemTickerClosely() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            long before = System.nanoTime();
            long read = SampledClock.read();
            long after = System.nanoTime();
            assertThat(read - after).isLessThanOrEqualTo(0);
            assertThat(before - read).isLessThan(TOLERANCE_NANOS);
            Thread.sleep(3);
        }
    }

    @Test
    void samplesAdvanceWhileRead() throws InterruptedException {
        long first = SampledClock.read();
        Thread.sleep(50);
        long second = SampledClock.read();
        assertThat(second - first).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void stopsWhenIdleAndRestartsOnTheNextRead() throws InterruptedException {
        SampledClock.read();
        assertThat(tickerThreadAlive()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tickerThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(tickerThreadAlive()).as("the sampling thread stops after a second without reads").isFalse();
        long before = System.nanoTime();
        long read = SampledClock.read();
        assertThat(read).isGreaterThanOrEqualTo(before);
        assertThat(tickerThreadAlive()).isTrue();
    }

    private static boolean tickerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("cistern-clock") && thread.isAlive());
    }

    @Test
    void aHeldClockAdvancesWithoutReadsAndAgreesWithTheSystemTicker() throws InterruptedException {
        SampledClock.hold();
        try {
            long first = SampledClock.now();
            Thread.sleep(200);
            long second = SampledClock.now();
            assertThat(second - first).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(System.nanoTime() - second).isLessThan(TOLERANCE_NANOS);
        } finally {
            SampledClock.release();
        }
    }

    @Test
    void aReleaseWithoutAHoldIsAnError() {
        assertThatThrownBy(SampledClock::release)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a matching hold()");
    }
}
