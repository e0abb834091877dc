package io.cistern.cache;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one daemon thread, shared by every cache in the JVM, that removes expired entries in the
 * background. Caffeine-backed caches use it as their scheduler and the exact caches schedule their
 * sweeps on it. Tasks only hold their cache weakly, so a cache that is no longer used can be
 * collected without being closed.
 */
final class ExpiryScheduler {

    private static final ScheduledExecutorService EXECUTOR = create();

    private ExpiryScheduler() {
    }

    static ScheduledExecutorService executor() {
        return EXECUTOR;
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "cistern-cache-expiry");
            thread.setDaemon(true);
            return thread;
        });
        // Superseded sweeps are cancelled; without this they would stay queued until their time.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
