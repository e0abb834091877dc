package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.clock.ClockDriver;
import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Validation on acquire counts against the acquire timeout: each check gets what is left of it,
 * a failed resource is replaced by the next idle one only while time remains, and the caller
 * gives up at its deadline however many idle resources there were to check.
 */
class ValidationDeadlineTest {

    /** Resources whose checks hang for the whole budget and fail, as over a black-holed network; creation fails after the first four. */
    static final class HangingChecks implements ResourceFactory<Integer> {
        final AtomicInteger created = new AtomicInteger();
        final List<Duration> budgets = new CopyOnWriteArrayList<>();
        volatile boolean hanging;

        @Override
        public Integer create() throws Exception {
            if (created.get() >= 4) {
                throw new IllegalStateException("server unreachable (test)");
            }
            return created.incrementAndGet();
        }

        @Override
        public boolean validate(Integer resource, Duration timeout) throws Exception {
            if (!hanging) {
                return true;
            }
            budgets.add(timeout);
            Thread.sleep(timeout.toMillis());
            return false;
        }

        @Override
        public void destroy(Integer resource) {
        }
    }

    @Test
    void anAcquireGivesUpAtItsDeadlineWhileEveryIdleResourceNeedsAHangingCheck() throws Exception {
        HangingChecks factory = new HangingChecks();
        try (ResourcePool<Integer> pool = ResourcePool.create(PoolConfig.builder().name("deadline")
                .maxSize(4).minIdle(4).acquireTimeout(Duration.ofMillis(500)).validationTimeout(Duration.ofMillis(200))
                .validationBypass(Duration.ofMillis(20)).keepaliveTime(Duration.ZERO).build(), factory)) {
            Await.until("four idle resources", () -> pool.stats().idle() == 4);
            ClockDriver.advance(Duration.ofMillis(50));
            factory.hanging = true;
            long start = System.nanoTime();
            assertThatThrownBy(pool::acquire).isInstanceOf(AcquireTimeoutException.class);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // Before the deadline covered validation: 4 x 200 ms of checks, then the 500 ms wait.
            assertThat(tookMs).as("acquire gave up after %d ms", tookMs).isBetween(480L, 700L);
            long checkedMs = factory.budgets.stream().mapToLong(Duration::toMillis).sum();
            assertThat(checkedMs).as("validation budgets %s", factory.budgets).isLessThanOrEqualTo(500L);
            assertThat(factory.budgets).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(Duration.ofMillis(200)));
            assertThat(factory.budgets.get(factory.budgets.size() - 1)).as("the last check got only what was left")
                    .isLessThan(Duration.ofMillis(200));
        }
    }
}
