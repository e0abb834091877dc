package io.cistern.pool;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the pool's daemon threads after the pool and their role, so thread dumps explain themselves. */
final class PoolThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final ThreadFactory users;

    PoolThreads(PoolConfig config, String role) {
        this.prefix = "cistern-" + config.name() + "-" + role + "-";
        this.users = config.threadFactory();
    }

    /** With the user's factory its threads are used as made (HikariCP does the same); else daemon threads named after the pool. */
    @Override
    public Thread newThread(Runnable task) {
        if (users != null) {
            return users.newThread(task);
        }
        Thread thread = new Thread(task, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
