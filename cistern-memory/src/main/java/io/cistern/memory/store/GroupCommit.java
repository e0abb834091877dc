package io.cistern.memory.store;

import io.cistern.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit on SQLite's single writer: concurrent writes queue here, and whoever is at the head
 * of the queue when the writer is free becomes the leader, takes the writer connection once, and
 * runs the writes queued behind it (up to {@code maxBatch}) in one {@code BEGIN IMMEDIATE ... COMMIT},
 * each in a savepoint of its own: a write that fails rolls back alone and its caller gets its own
 * error; the others commit. Every caller returns only after the shared commit (or with the commit's
 * error), so nothing is acknowledged that a crash could lose. Writes run in queue order, so two
 * writes of one thread, or of one session, keep their order.
 *
 * <p>The leader waits for more writes only when others are already queued and the batch is not
 * full, and then at most {@code maxWait} (zero by default: the writes that queued while the previous
 * batch ran are the batch). A batch of one runs without a savepoint, as a plain transaction.
 * Waiting is on a {@link ReentrantLock}'s conditions, never {@code synchronized}: virtual threads
 * unmount while they wait.
 */
final class GroupCommit {

    private final DataSource writer;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a write is queued, for a leader that waits to fill its batch. */
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private boolean leading;
    private long batches;
    private long writes;

    GroupCommit(DataSource writer, int maxBatch, long maxWaitNanos) {
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** One caller's write, its outcome, and the condition its caller waits on. */
    private static final class Pending<T> {
        final SqlWork<T> work;
        final Condition turn;
        T result;
        Throwable failure;
        boolean done;

        Pending(SqlWork<T> work, Condition turn) {
            this.work = work;
            this.turn = turn;
        }

        void run(Connection c) throws SQLException {
            result = work.run(c);
        }
    }

    /** Runs {@code work} in a shared transaction; returns once that transaction has committed. */
    <T> T write(SqlWork<T> work) throws SQLException {
        Pending<T> own = new Pending<>(work, lock.newCondition());
        List<Pending<?>> batch;
        boolean interrupted = false;
        lock.lock();
        try {
            queue.addLast(own);
            queued.signal();
            // A write taken into a running batch cannot be withdrawn, so the wait ignores interrupts
            // and restores the flag afterwards.
            while (!own.done && (leading || queue.peekFirst() != own)) {
                own.turn.awaitUninterruptibly();
            }
            if (own.done) {
                return outcome(own);
            }
            leading = true;
            batch = take();
            if (batch.size() > 1 && batch.size() < maxBatch && maxWaitNanos > 0) {
                long left = maxWaitNanos;
                while (batch.size() < maxBatch && left > 0) {
                    try {
                        left = queued.awaitNanos(left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        break;
                    }
                    batch.addAll(takeUpTo(maxBatch - batch.size()));
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            runBatch(batch);
        } finally {
            lock.lock();
            try {
                for (Pending<?> p : batch) {
                    p.done = true;
                    p.turn.signal();
                }
                batches++;
                writes += batch.size();
                leading = false;
                Pending<?> next = queue.peekFirst();
                if (next != null) {
                    next.turn.signal();
                }
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return outcome(own);
    }

    /** Under the lock: the head of the queue, up to the batch bound. */
    private List<Pending<?>> take() {
        List<Pending<?>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        batch.addAll(takeUpTo(maxBatch));
        return batch;
    }

    private List<Pending<?>> takeUpTo(int n) {
        List<Pending<?>> taken = new ArrayList<>();
        while (taken.size() < n && !queue.isEmpty()) {
            taken.add(queue.pollFirst());
        }
        return taken;
    }

    /**
     * One transaction for the batch. Each write's own failure is its own; a failure of the
     * transaction itself (taking the connection, a rollback to a savepoint, the commit) is every
     * not-yet-failed write's failure, since none of them committed.
     */
    private void runBatch(List<Pending<?>> batch) {
        boolean single = batch.size() == 1;
        boolean committed = false;
        try (Connection c = writer.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Pending<?> p : batch) {
                    if (single) {
                        p.run(c);
                        continue;
                    }
                    Savepoint savepoint = c.setSavepoint();
                    try {
                        p.run(c);
                    } catch (SQLException | RuntimeException | Error e) {
                        p.failure = e;
                        c.rollback(savepoint);
                    }
                    c.releaseSavepoint(savepoint);
                }
                c.commit();
                committed = true;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                failAll(batch, e, single);
            }
        } catch (SQLException | RuntimeException e) {
            // taking the connection failed, or giving it back did: after a commit, the writes stand
            if (!committed) {
                failAll(batch, e, single);
            }
        }
    }

    /** The transaction's own failure, given to every write that has none of its own. */
    private static void failAll(List<Pending<?>> batch, Throwable e, boolean single) {
        for (Pending<?> p : batch) {
            if (p.failure != null) {
                continue;
            }
            if (single || !(e instanceof SQLException sql)) {
                p.failure = e;
            } else {
                // each caller its own exception object: callers add suppressed exceptions and rethrow
                p.failure = new SQLException("the shared transaction of " + batch.size() + " writes failed: " + sql.getMessage(),
                        sql.getSQLState(), sql.getErrorCode(), sql);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T outcome(Pending<T> p) throws SQLException {
        Throwable f = p.failure;
        if (f == null) {
            return p.result;
        }
        if (f instanceof SQLException e) {
            throw e;
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) f;
    }

    /** @return writes waiting for a leader to take them, for tests */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return batches committed (or failed) and writes in them, for figures and tests */
    long[] counts() {
        lock.lock();
        try {
            return new long[] {batches, writes};
        } finally {
            lock.unlock();
        }
    }
}
