package io.cistern.pool;

import io.cistern.pool.config.NotAllowed;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable settings of a {@link ResourcePool}, made by {@link #builder()} or one of the presets.
 * Every field is checked by {@link Builder#build()}; a bad value fails there with a message that
 * names the field, the value and what is allowed, never later in production.
 *
 * <p>Durations of zero switch a feature off where the field says so (idle timeout, max lifetime,
 * keepalive, leak detection).
 */
public final class PoolConfig {

    static final int MAX_POOL_SIZE = 100_000;
    static final Duration DEFAULT_OVERTAKE_LIMIT = Duration.ofMillis(10);
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private final String name;
    private final int maxSize;
    private final int minIdle;
    private final Duration acquireTimeout;
    private final Duration overtakeLimit;
    private final Duration createTimeout;
    private final int createParallelism;
    private final Duration createBackoffInitial;
    private final Duration createBackoffMax;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration keepaliveTime;
    private final Duration validationTimeout;
    private final Duration validationBypass;
    private final Duration leakDetectionThreshold;
    private final Duration housekeepingPeriod;
    private final java.util.concurrent.ThreadFactory threadFactory;
    private final boolean pooling;
    private final boolean warmUp;
    private final boolean trackActiveCount;
    private final Duration initializationFailTimeout;

    private PoolConfig(Builder b) {
        this.name = b.name != null ? b.name : "pool-" + UNNAMED.incrementAndGet();
        this.maxSize = b.maxSize;
        this.minIdle = b.minIdle;
        this.acquireTimeout = b.acquireTimeout;
        this.overtakeLimit = b.overtakeLimit;
        this.createTimeout = b.createTimeout;
        this.createParallelism = b.createParallelism > 0 ? b.createParallelism : Math.min(b.maxSize, 4);
        this.createBackoffInitial = b.createBackoffInitial;
        this.createBackoffMax = b.createBackoffMax;
        this.idleTimeout = b.idleTimeout;
        this.maxLifetime = b.maxLifetime;
        this.keepaliveTime = b.keepaliveTime;
        this.validationTimeout = b.validationTimeout;
        this.validationBypass = b.validationBypass;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.housekeepingPeriod = b.housekeepingPeriod;
        this.threadFactory = b.threadFactory;
        this.pooling = b.pooling;
        this.warmUp = b.warmUp;
        this.trackActiveCount = b.trackActiveCount;
        this.initializationFailTimeout = b.initializationFailTimeout;
    }

    /** @return a builder with the defaults listed on each of its setters */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A starting point for servers with many short operations: a large pool that keeps a floor of
     * ready resources, creates several at once, and gives up on a saturated pool after 10 s.
     *
     * @return a builder pre-set for throughput; adjust and {@link Builder#build()}
     */
    public static Builder highThroughput() {
        return builder().maxSize(50).minIdle(10).createParallelism(4)
                .acquireTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofMinutes(10)).maxLifetime(Duration.ofMinutes(30));
    }

    /**
     * A starting point for latency-sensitive callers: a fixed-size pool, filled before first use,
     * kept alive by keepalive checks so acquires rarely validate, and a short acquire timeout so
     * an overloaded pool fails fast instead of queueing.
     *
     * @return a builder pre-set for latency; adjust and {@link Builder#build()}
     */
    public static Builder lowLatency() {
        return builder().maxSize(20).minIdle(20).warmUp(true)
                .acquireTimeout(Duration.ofSeconds(1))
                .keepaliveTime(Duration.ofSeconds(30))
                .idleTimeout(Duration.ZERO).maxLifetime(Duration.ofMinutes(30));
    }

    /**
     * A starting point for a laptop: a small pool that lets idle resources go after a minute and
     * reports any lease held over 10 s as a probable leak.
     *
     * @return a builder pre-set for development; adjust and {@link Builder#build()}
     */
    public static Builder development() {
        return builder().maxSize(5).minIdle(0)
                .acquireTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofMinutes(1)).maxLifetime(Duration.ofMinutes(5))
                .leakDetectionThreshold(Duration.ofSeconds(10));
    }

    /** @return the pool's name, used in thread names, logs and errors */
    public String name() { return name; }
    /** @return the most resources alive at once, counting those being created */
    public int maxSize() { return maxSize; }
    /** @return how many idle resources the background filler keeps ready */
    public int minIdle() { return minIdle; }
    /** @return how long {@link ResourcePool#acquire()} waits before giving up */
    public Duration acquireTimeout() { return acquireTimeout; }
    /**
     * @return how long a queued acquire may be overtaken by acquires that find a resource idle
     *     before returned resources go straight to the queue, oldest first (zero: never overtaken)
     * @see Builder#overtakeLimit(Duration)
     */
    public Duration overtakeLimit() { return overtakeLimit; }
    /** @return how long one {@link ResourceFactory#create()} may take before it is abandoned */
    public Duration createTimeout() { return createTimeout; }
    /** @return how many resources may be under creation at once */
    public int createParallelism() { return createParallelism; }
    /** @return the first delay after a failed creation */
    public Duration createBackoffInitial() { return createBackoffInitial; }
    /** @return the longest delay between creation attempts while they keep failing */
    public Duration createBackoffMax() { return createBackoffMax; }
    /** @return how long a resource may sit idle before it is retired (zero: never) */
    public Duration idleTimeout() { return idleTimeout; }
    /** @return the longest a resource lives, less a random margin of up to 2.5 % (zero: forever) */
    public Duration maxLifetime() { return maxLifetime; }
    /** @return how often an idle resource is validated in the background (zero: never) */
    public Duration keepaliveTime() { return keepaliveTime; }
    /** @return how long one validation may take */
    public Duration validationTimeout() { return validationTimeout; }
    /** @return how long after its last use a resource is handed out without validation */
    public Duration validationBypass() { return validationBypass; }
    /** @return how long a lease may be held before it is reported as a leak (zero: off) */
    public Duration leakDetectionThreshold() { return leakDetectionThreshold; }
    /** @return how often the housekeeper retires idle or expired resources and refills */
    public Duration housekeepingPeriod() { return housekeepingPeriod; }
    /** @return the factory of the pool's background threads, or {@code null} for daemon threads named after the pool */
    public java.util.concurrent.ThreadFactory threadFactory() { return threadFactory; }
    /** @return {@code false} when every lease gets a fresh resource that is destroyed on close */
    public boolean pooling() { return pooling; }
    /** @return whether the pool fills {@link #minIdle()} before its constructor returns */
    public boolean warmUp() { return warmUp; }
    /**
     * @return whether leases out are counted as they happen, for an O(1)
     *     {@link ResourcePool#activeCount()}; see {@link Builder#trackActiveCount(boolean)}
     */
    public boolean trackActiveCount() { return trackActiveCount; }
    /**
     * @return how long the constructor tries to create a first resource before failing, or
     *     {@code null} when the pool starts without checking
     */
    public Duration initializationFailTimeout() { return initializationFailTimeout; }

    @Override
    public String toString() {
        return "PoolConfig{name=" + name + ", maxSize=" + maxSize + ", minIdle=" + minIdle
                + ", acquireTimeout=" + acquireTimeout + ", overtakeLimit=" + overtakeLimit
                + ", createTimeout=" + createTimeout
                + ", createParallelism=" + createParallelism + ", idleTimeout=" + idleTimeout
                + ", maxLifetime=" + maxLifetime + ", keepaliveTime=" + keepaliveTime
                + ", validationTimeout=" + validationTimeout + ", validationBypass=" + validationBypass
                + ", leakDetectionThreshold=" + leakDetectionThreshold
                + ", housekeepingPeriod=" + housekeepingPeriod + ", pooling=" + pooling
                + ", warmUp=" + warmUp + ", trackActiveCount=" + trackActiveCount
                + ", initializationFailTimeout=" + initializationFailTimeout + '}';
    }

    /** Collects settings; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {
        private String name;
        private int maxSize = 10;
        private int minIdle = 0;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration overtakeLimit = DEFAULT_OVERTAKE_LIMIT;
        private Duration createTimeout = Duration.ofSeconds(30);
        private int createParallelism = 0;
        private Duration createBackoffInitial = Duration.ofMillis(50);
        private Duration createBackoffMax = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration keepaliveTime = Duration.ofMinutes(2);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration validationBypass = Duration.ofMillis(500);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private Duration housekeepingPeriod = Duration.ofSeconds(30);
        private java.util.concurrent.ThreadFactory threadFactory;
        private boolean pooling = true;
        private boolean warmUp = false;
        private boolean trackActiveCount = false;
        private Duration initializationFailTimeout;

        private Builder() {
        }

        /** @param name shown in thread names, logs and errors; default {@code pool-N} */
        public Builder name(String name) { this.name = name; return this; }
        /** @param maxSize most resources alive at once, 1 to 100,000; default 10 */
        public Builder maxSize(int maxSize) { this.maxSize = maxSize; return this; }
        /** @param minIdle idle resources kept ready, 0 to maxSize; default 0 */
        public Builder minIdle(int minIdle) { this.minIdle = minIdle; return this; }
        /** @param timeout how long an acquire waits, zero or more; default 30 s */
        public Builder acquireTimeout(Duration timeout) { this.acquireTimeout = timeout; return this; }
        /**
         * How far the pool may depart from first-come, first-served to keep throughput up.
         *
         * <p>A returned resource is made idle and the oldest queued caller is woken to take it;
         * meanwhile a running caller that finds it idle may take it first, as with a non-fair
         * lock. That keeps a pool with more threads than cores from falling into a convoy where
         * every return waits for a parked thread to be scheduled. Once the oldest queued caller
         * has waited {@code limit}, returned resources are handed straight to the queue in
         * arrival order until it has caught up, so no caller waits more than about {@code limit}
         * beyond its turn. Queued callers are always served among themselves in arrival order.
         *
         * <p>Zero makes the pool strictly first-come, first-served: a caller that arrives while
         * others queue joins the queue, and every return goes to the oldest waiter. That gives
         * the most even spread of work and the shortest worst-case wait, at a throughput cost
         * when threads outnumber cores (see docs/POOL-PERFORMANCE.md).
         *
         * @param limit zero or more; default 10 ms
         * @return this builder
         */
        public Builder overtakeLimit(Duration limit) { this.overtakeLimit = limit; return this; }
        /** @param timeout how long one creation may take, above zero; default 30 s */
        public Builder createTimeout(Duration timeout) { this.createTimeout = timeout; return this; }
        /** @param parallelism creations at once, 1 to maxSize; default min(maxSize, 4) */
        public Builder createParallelism(int parallelism) { this.createParallelism = parallelism; return this; }
        /**
         * @param initial first delay after a failed creation, above zero; default 50 ms
         * @param max longest delay while creations keep failing, at least {@code initial}; default 5 s
         */
        public Builder createBackoff(Duration initial, Duration max) {
            this.createBackoffInitial = initial;
            this.createBackoffMax = max;
            return this;
        }
        /** @param timeout idle time before retirement, zero for never; below maxLifetime; default 10 min */
        public Builder idleTimeout(Duration timeout) { this.idleTimeout = timeout; return this; }
        /** @param lifetime longest life of a resource, zero for unlimited; default 30 min */
        public Builder maxLifetime(Duration lifetime) { this.maxLifetime = lifetime; return this; }
        /** @param time idle time between background validations, zero for off; below maxLifetime; default 2 min */
        public Builder keepaliveTime(Duration time) { this.keepaliveTime = time; return this; }
        /** @param timeout how long one validation may take, above zero; default 5 s */
        public Builder validationTimeout(Duration timeout) { this.validationTimeout = timeout; return this; }
        /** @param window idle time below which an acquire skips validation, zero or more; default 500 ms */
        public Builder validationBypass(Duration window) { this.validationBypass = window; return this; }
        /** @param threshold hold time that counts as a leak, zero for off; default off */
        public Builder leakDetectionThreshold(Duration threshold) { this.leakDetectionThreshold = threshold; return this; }
        /** @param period time between housekeeping runs, at least 1 ms; default 30 s */
        public Builder housekeepingPeriod(Duration period) { this.housekeepingPeriod = period; return this; }
        /**
         * @param factory makes the pool's background threads (housekeeping, creation, destruction),
         *     as HikariCP's {@code threadFactory} does; default {@code null}: daemon threads named
         *     {@code cistern-<pool>-<role>-N}
         * @return this builder
         */
        public Builder threadFactory(java.util.concurrent.ThreadFactory factory) { this.threadFactory = factory; return this; }
        /** @param pooling {@code false} for a fresh resource per lease, still bounded; default true */
        public Builder pooling(boolean pooling) { this.pooling = pooling; return this; }
        /** @param warmUp fill minIdle before the constructor returns; default false */
        public Builder warmUp(boolean warmUp) { this.warmUp = warmUp; return this; }
        /**
         * Counts leases out as they happen, so that {@link ResourcePool#activeCount()} is O(1)
         * instead of a pass over the pool's resources: for callers that ask on every request,
         * such as a least-connections load balancer. It costs two striped-counter updates per
         * acquire and release, which with more threads than cores took a third of the pool's
         * throughput in the connection-cycle benchmark, so it is off unless asked for. Statistics
         * are exact either way.
         *
         * @param track whether to count leases out as they happen; default false
         * @return this builder
         */
        public Builder trackActiveCount(boolean track) { this.trackActiveCount = track; return this; }
        /**
         * @param timeout how long the constructor keeps trying to create a first resource before
         *     it throws {@link PoolInitializationException}; zero means a single attempt;
         *     {@code null} (the default) starts the pool without checking
         */
        public Builder initializationFailTimeout(Duration timeout) { this.initializationFailTimeout = timeout; return this; }

        /**
         * Checks every setting and makes the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalArgumentException naming the first bad field, its value and what is allowed
         */
        public PoolConfig build() {
            if (name != null && name.isBlank()) {
                throw NotAllowed.setting("PoolConfig.name", "\"" + name + "\"", "a non-blank string");
            }
            if (maxSize < 1 || maxSize > MAX_POOL_SIZE) {
                throw NotAllowed.setting("PoolConfig.maxSize", maxSize, "1 to " + MAX_POOL_SIZE);
            }
            if (minIdle < 0 || minIdle > maxSize) {
                throw NotAllowed.setting("PoolConfig.minIdle", minIdle, "0 to maxSize (" + maxSize + ")");
            }
            if (!pooling && minIdle > 0) {
                throw NotAllowed.setting("PoolConfig.minIdle", minIdle, "0 when pooling is disabled (nothing is kept idle)");
            }
            if (createParallelism < 0 || createParallelism > maxSize) {
                throw NotAllowed.setting("PoolConfig.createParallelism", createParallelism, "1 to maxSize (" + maxSize + ")");
            }
            atLeast("acquireTimeout", acquireTimeout, Duration.ZERO);
            atLeast("overtakeLimit", overtakeLimit, Duration.ZERO);
            above("createTimeout", createTimeout);
            above("createBackoff initial", createBackoffInitial);
            atLeast("createBackoff max", createBackoffMax, createBackoffInitial);
            atLeast("idleTimeout", idleTimeout, Duration.ZERO);
            atLeast("maxLifetime", maxLifetime, Duration.ZERO);
            atLeast("keepaliveTime", keepaliveTime, Duration.ZERO);
            above("validationTimeout", validationTimeout);
            atLeast("validationBypass", validationBypass, Duration.ZERO);
            atLeast("leakDetectionThreshold", leakDetectionThreshold, Duration.ZERO);
            atLeast("housekeepingPeriod", housekeepingPeriod, Duration.ofMillis(1));
            if (initializationFailTimeout != null) {
                atLeast("initializationFailTimeout", initializationFailTimeout, Duration.ZERO);
            }
            if (!maxLifetime.isZero()) {
                if (!idleTimeout.isZero() && idleTimeout.compareTo(maxLifetime) >= 0) {
                    throw NotAllowed.setting("PoolConfig.idleTimeout", idleTimeout, "zero or less than maxLifetime (" + maxLifetime + ")");
                }
                if (!keepaliveTime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
                    throw NotAllowed.setting("PoolConfig.keepaliveTime", keepaliveTime, "zero or less than maxLifetime (" + maxLifetime + ")");
                }
            }
            return new PoolConfig(this);
        }

        private static void above(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw NotAllowed.setting("PoolConfig." + field, value, "a duration above zero");
            }
        }

        private static void atLeast(String field, Duration value, Duration min) {
            if (value == null) {
                throw NotAllowed.setting("PoolConfig." + field, null, "a duration of at least " + min);
            }
            if (value.compareTo(min) < 0) {
                throw NotAllowed.setting("PoolConfig." + field, value, "a duration of at least " + min);
            }
        }
    }
}
