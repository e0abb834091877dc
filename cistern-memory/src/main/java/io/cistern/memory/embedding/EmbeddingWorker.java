package io.cistern.memory.embedding;

import io.cistern.memory.model.TurnText;
import io.cistern.memory.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The background side of the index: one daemon thread that embeds turns queued after their write
 * committed (off the write path), and runs catch-up passes over the turns that have no vector of
 * the model (when the store opens, in both modes; after a queue overflow; after a failure, with a
 * backoff).
 *
 * <p>Nothing is lost silently: a turn that finds the queue full is counted as overflowed and a
 * catch-up pass is requested; a batch whose model call or storage fails is counted as a failure and
 * a pass is requested after a backoff (1 s, doubling to 60 s, reset by a success). A turn is only
 * ever missing its vector until a pass reaches it. The write path only offers to the queue
 * ({@link ArrayBlockingQueue#offer}), it never blocks on it. No {@code synchronized}: waiting is
 * on the queue and on a {@link ReentrantLock}'s condition.
 */
final class EmbeddingWorker {

    /** Turns per model call and per write transaction. */
    static final int BATCH = 32;
    private static final long MIN_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How often an idle worker looks at the stop flag and a due catch-up. */
    private static final long IDLE_POLL_MILLIS = 50;

    private final EmbeddingSettings settings;
    private final SemanticIndex.Storage storage;
    private final EmbeddingSql sql;
    private final Function<List<Node>, List<EmbeddingSql.Row>> vectors;
    private final ArrayBlockingQueue<Node> queue;
    private final Thread thread;

    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    /** Catch-up passes requested and the request a finished pass covered: due while they differ. */
    private final AtomicLong requested = new AtomicLong();
    private volatile long covered;

    /** Turns offered and not yet embedded or failed: counted before the offer, so never briefly zero in between. */
    private final AtomicLong pending = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean stopping;
    private long backoffNanos = MIN_BACKOFF_NANOS;
    private long retryAtNanos;

    EmbeddingWorker(EmbeddingSettings settings, SemanticIndex.Storage storage, EmbeddingSql sql,
                    Function<List<Node>, List<EmbeddingSql.Row>> vectors) {
        this.settings = settings;
        this.storage = storage;
        this.sql = sql;
        this.vectors = vectors;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "cistern-embedding " + settings.model().name());
        thread.setDaemon(true);
    }

    void start() {
        requested.incrementAndGet(); // the open-time pass
        retryAtNanos = System.nanoTime();
        thread.start();
    }

    /** Off the write path: queues the turns with text, never waiting; a full queue leaves them to catch-up. */
    void offer(List<Node> nodes) {
        boolean overflow = false;
        for (Node n : nodes) {
            if (!n.kind().isTurn() || TurnText.of(n).isEmpty()) {
                continue;
            }
            pending.incrementAndGet();
            if (stopping || !queue.offer(n)) {
                pending.decrementAndGet();
                overflowed.incrementAndGet();
                overflow = true;
            }
        }
        if (overflow) {
            requested.incrementAndGet();
        }
    }

    void embedded(int count) {
        embedded.addAndGet(count);
    }

    void failed() {
        failures.incrementAndGet();
    }

    EmbeddingStatistics statistics(long stored) {
        return new EmbeddingStatistics(settings.model().name(), settings.mode(), stored, embedded.get(), failures.get(),
                queue.size(), overflowed.get(), passes.get());
    }

    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!idle()) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean idle() {
        return pending.get() == 0 && requested.get() == covered;
    }

    /**
     * Lets the worker empty the queue for at most the drain bound (no new pass starts), then stops
     * it; what is still queued, or a pass cut short, is left to the catch-up of the next open.
     */
    void close() {
        stopping = true;
        long deadline = System.nanoTime() + settings.drainOnClose().toNanos();
        lock.lock();
        try {
            while (pending.get() > 0 && thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        queue.clear();
        try {
            // a model call in progress finishes first (it cannot be interrupted safely); bounded
            thread.join(Math.max(1, settings.drainOnClose().toMillis()) + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<Node> batch = new ArrayList<>(BATCH);
            try {
                Node first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (batch.isEmpty() && stopping) {
                signal();
                return;
            }
            try {
                if (!batch.isEmpty()) {
                    if (!embedQueued(batch)) {
                        requestRetry();
                    }
                } else if (!stopping && requested.get() != covered && System.nanoTime() - retryAtNanos >= 0) {
                    catchUpPass();
                }
            } finally {
                signal();
            }
        }
    }

    /** Walks every turn without a vector of the model, in id order, a batch at a time; queued turns go first. */
    private void catchUpPass() {
        long request = requested.get();
        String model = settings.model().name();
        String after = "";
        while (!stopping) {
            String from = after;
            List<String> ids = new ArrayList<>(BATCH);
            List<Node> page;
            try {
                page = storage.read("find turns without a vector of " + model, c -> {
                    ids.clear();
                    ids.addAll(sql.unembedded(c, model, from, BATCH));
                    List<Node> nodes = new ArrayList<>(ids.size());
                    for (String id : ids) {
                        storage.node(c, id).ifPresent(nodes::add); // absent: deleted since, nothing to embed
                    }
                    return nodes;
                });
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                requestRetry();
                return;
            }
            if (ids.isEmpty()) {
                covered = request;
                passes.incrementAndGet();
                return;
            }
            after = ids.get(ids.size() - 1);
            List<Node> withText = new ArrayList<>(page.size());
            for (Node n : page) {
                if (TurnText.of(n).isPresent()) {
                    withText.add(n);
                }
            }
            if (!embedAndStore(withText)) {
                requestRetry();
                return;
            }
            List<Node> queued = new ArrayList<>(BATCH);
            queue.drainTo(queued, BATCH);
            if (!queued.isEmpty() && !embedQueued(queued)) {
                requestRetry();
                return;
            }
        }
    }

    /** Embeds turns taken from the queue; they stop being pending whatever the outcome (a failure leaves them to a pass). */
    private boolean embedQueued(List<Node> turns) {
        try {
            return embedAndStore(turns);
        } finally {
            pending.addAndGet(-turns.size());
        }
    }

    /** @return false if the model or the storage failed (counted; the turns wait for a pass) */
    private boolean embedAndStore(List<Node> turns) {
        if (turns.isEmpty()) {
            return true;
        }
        try {
            List<EmbeddingSql.Row> rows = vectors.apply(turns);
            storage.write("store " + rows.size() + " vectors of " + settings.model().name(), c -> {
                sql.upsert(c, settings.model().name(), rows);
                return null;
            });
            embedded.addAndGet(rows.size());
            backoffNanos = MIN_BACKOFF_NANOS;
            return true;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            return false;
        }
    }

    private void requestRetry() {
        retryAtNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        requested.incrementAndGet();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
