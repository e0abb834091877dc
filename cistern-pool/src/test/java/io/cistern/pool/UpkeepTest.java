package io.cistern.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.clock.ClockDriver;
import io.cistern.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Idle timeout, max lifetime, keepalive and validation-on-acquire, with short durations that the
 * tests pass by moving the pool's clock ({@link ClockDriver}) rather than by sleeping through them.
 */
class UpkeepTest {

    @Test
    void idleResourcesAreRetiredButNeverBelowMinIdle() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("idle")
                .maxSize(5).minIdle(2).idleTimeout(Duration.ofMillis(100)).maxLifetime(Duration.ZERO)
                .keepaliveTime(Duration.ZERO).housekeepingPeriod(Duration.ofMillis(20)).build(), factory)) {
            List<Lease<TestResource>> leases = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                leases.add(pool.acquire());
            }
            leases.forEach(Lease::close);
            assertThat(pool.stats().idle()).isEqualTo(5);
            ClockDriver.advance(Duration.ofMillis(150));
            Await.until("idle resources beyond minIdle are retired", () -> pool.stats().total() == 2 && factory.destroyed.get() == 3);
            // Ages far past the timeout, and real time for the housekeeper to sweep again and again.
            ClockDriver.advance(Duration.ofMillis(300));
            Thread.sleep(300);
            assertThat(pool.stats().total()).as("minIdle is kept").isEqualTo(2);
            assertThat(pool.stats().idle()).isEqualTo(2);
        }
    }

    @Test
    void minIdleIsFilledInTheBackgroundWithoutAnyAcquire() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("filler")
                .maxSize(6).minIdle(3).housekeepingPeriod(Duration.ofMillis(20)).build(), factory)) {
            Await.until("minIdle resources exist", () -> pool.stats().idle() == 3);
            assertThat(pool.stats().acquisitions()).isZero();
            assertThat(factory.created.get()).isEqualTo(3);
        }
    }

    @Test
    void resourcesAreReplacedWhenTheirLifetimeEnds() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("lifetime")
                .maxSize(2).minIdle(1).maxLifetime(Duration.ofMillis(200)).idleTimeout(Duration.ZERO)
                .keepaliveTime(Duration.ZERO).housekeepingPeriod(Duration.ofMillis(20)).build(), factory)) {
            TestResource first;
            try (Lease<TestResource> lease = pool.acquire()) {
                first = lease.get();
            }
            // An idle resource past its lifetime is retired by the housekeeper and minIdle refilled.
            ClockDriver.advance(Duration.ofMillis(250));
            Await.until("the expired idle resource is destroyed", () -> first.destroyed);
            Await.until("a replacement is idle", () -> pool.stats().idle() == 1);
            try (Lease<TestResource> lease = pool.acquire()) {
                assertThat(lease.get()).isNotSameAs(first);
            }
        }
    }

    @Test
    void aResourceThatExpiresWhileLeasedIsDestroyedOnReturn() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("lifetime-leased")
                .maxSize(1).maxLifetime(Duration.ofMillis(100)).idleTimeout(Duration.ZERO)
                .keepaliveTime(Duration.ZERO).build(), factory)) {
            TestResource first;
            try (Lease<TestResource> lease = pool.acquire()) {
                first = lease.get();
                ClockDriver.advance(Duration.ofMillis(150));
            }
            Await.until("the expired resource is destroyed on return", () -> first.destroyed);
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
                assertThat(lease.get()).isNotSameAs(first);
            }
        }
    }

    @Test
    void lifetimesAreSpreadSoResourcesDoNotAllExpireTogether() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("spread")
                .maxSize(20).minIdle(20).warmUp(true).maxLifetime(Duration.ofHours(1)).idleTimeout(Duration.ZERO)
                .build(), factory)) {
            Set<Long> lifetimes = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                PoolEntry<TestResource> e = pool.slots().get(i);
                long lifetime = e.expiresNanos - e.createdNanos;
                assertThat(lifetime).isBetween((long) (Duration.ofHours(1).toNanos() * 0.975), Duration.ofHours(1).toNanos());
                lifetimes.add(lifetime);
            }
            assertThat(lifetimes).hasSizeGreaterThan(15);
        }
    }

    @Test
    void keepaliveReplacesDeadIdleResourcesWithoutAnyAcquire() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("keepalive")
                .maxSize(2).minIdle(2).warmUp(true).keepaliveTime(Duration.ofMillis(50))
                .housekeepingPeriod(Duration.ofMillis(20)).build(), factory)) {
            TestResource a = pool.slots().get(0).resource;
            a.alive = false;
            ClockDriver.advance(Duration.ofMillis(100));
            Await.until("the dead idle resource is found and destroyed", () -> a.destroyed);
            Await.until("it is replaced to keep minIdle", () -> pool.stats().idle() == 2);
            // The healthy ones are checked too (each on its own schedule) and kept.
            Await.until("a healthy resource passes its keepalive check", () -> pool.stats().validationsPassed() > 0);
            assertThat(pool.stats().validationsFailed()).isEqualTo(1);
            assertThat(pool.stats().destroyed()).isEqualTo(1);
            assertThat(pool.stats().acquisitions()).isZero();
        }
    }

    @Test
    void acquireSkipsValidationInsideTheBypassWindow() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("bypass")
                .maxSize(1).validationBypass(Duration.ofSeconds(5)).build(), factory)) {
            for (int i = 0; i < 100; i++) {
                pool.acquire().close();
            }
            assertThat(factory.validations.get()).isZero();
        }
    }

    @Test
    void acquireValidatesAfterTheBypassWindowAndReplacesDeadResources() throws Exception {
        TestFactory factory = new TestFactory();
        try (ResourcePool<TestResource> pool = ResourcePool.create(PoolConfig.builder().name("validate")
                .maxSize(1).validationBypass(Duration.ofMillis(50)).keepaliveTime(Duration.ZERO).build(), factory)) {
            TestResource first;
            try (Lease<TestResource> lease = pool.acquire()) {
                first = lease.get();
            }
            ClockDriver.advance(Duration.ofMillis(80));
            try (Lease<TestResource> lease = pool.acquire()) {
                assertThat(lease.get()).isSameAs(first);
            }
            assertThat(factory.validations.get()).isEqualTo(1);
            first.alive = false;
            ClockDriver.advance(Duration.ofMillis(80));
            try (Lease<TestResource> lease = pool.acquire(Duration.ofSeconds(5))) {
                assertThat(lease.get()).as("the dead resource is replaced transparently").isNotSameAs(first);
            }
            assertThat(pool.stats().validationsFailed()).isEqualTo(1);
            Await.until("the dead resource is destroyed", () -> first.destroyed);
        }
    }
}
