package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Session;
import io.cistern.sqlite.SqliteConfig;
import io.cistern.sqlite.SqliteDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real SQLite file: a first write holds the writer while others queue behind it,
 * so that the next batch is known; then what each caller sees, what is stored, and in what order.
 */
class GroupCommitTest {
    @TempDir
    Path dir;
    private SqliteDataSource db;
    private ExecutorService threads;

    @BeforeEach
    void open() throws SQLException {
        db = SqliteDataSource.open(SqliteConfig.builder(dir.resolve("group.db"))
                .migration(ds -> {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE)");
                    }
                })
                .build());
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        db.close();
    }

    @Test
    void writesQueuedBehindTheWriterShareOneTransactionAndAFailureRollsBackAlone() throws Exception {
        GroupCommit group = new GroupCommit(db, 32, 0);
        CountDownLatch release = new CountDownLatch(1);
        Future<Long> first = holdWriter(group, "first", release);
        List<Future<Long>> next = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String tag = "w" + i;
            boolean fails = i % 3 == 1;
            next.add(threads.submit(() -> group.write(c -> {
                long id = insert(c, tag);
                if (fails) {
                    throw new IllegalArgumentException("refused " + tag);
                }
                return id;
            })));
            awaitQueued(group, i + 1);
        }
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isPositive();
        for (int i = 0; i < 6; i++) {
            Future<Long> f = next.get(i);
            if (i % 3 == 1) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("refused w" + i);
            } else {
                assertThat(f.get(10, TimeUnit.SECONDS)).isPositive();
            }
        }
        // the first alone, then the six queued behind it together
        assertThat(group.counts()).containsExactly(2, 7);
        assertThat(tags()).containsExactly("first", "w0", "w2", "w3", "w5");
    }

    @Test
    void queuedWritesRunInQueueOrder() throws Exception {
        GroupCommit group = new GroupCommit(db, 4, 0);
        CountDownLatch release = new CountDownLatch(1);
        Future<Long> first = holdWriter(group, "q00", release);
        List<Future<Long>> next = new ArrayList<>();
        List<String> expected = new ArrayList<>(List.of("q00"));
        for (int i = 1; i <= 10; i++) {
            String tag = String.format("q%02d", i);
            expected.add(tag);
            next.add(threads.submit(() -> group.write(c -> insert(c, tag))));
            awaitQueued(group, i);
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<Long> f : next) {
            f.get(10, TimeUnit.SECONDS);
        }
        // ids are assigned in execution order; batches of at most four: 1 + 4 + 4 + 2
        assertThat(tags()).containsExactlyElementsOf(expected);
        assertThat(group.counts()).containsExactly(4, 11);
    }

    @Test
    void aFailedSharedTransactionFailsEveryWriteInItAndKeepsNone() throws Exception {
        GroupCommit group = new GroupCommit(db, 32, 0);
        CountDownLatch release = new CountDownLatch(1);
        Future<Long> first = holdWriter(group, "alone", release);
        Future<Long> ok = threads.submit(() -> group.write(c -> insert(c, "kept-back")));
        awaitQueued(group, 1);
        // a write that ends the shared transaction behind the group's back: the savepoint release fails
        Future<Long> rogue = threads.submit(() -> group.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
            return 0L;
        }));
        awaitQueued(group, 2);
        Future<Long> after = threads.submit(() -> group.write(c -> insert(c, "after")));
        awaitQueued(group, 3);
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ok.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        assertThatThrownBy(() -> rogue.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        assertThatThrownBy(() -> after.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        assertThat(tags()).containsExactly("alone");
        // and the writer works again
        long again = group.write(c -> insert(c, "again"));
        assertThat(again).isPositive();
        assertThat(tags()).containsExactly("alone", "again");
    }

    @Test
    void theStoreGroupCommitsConcurrentAppendsAndEachCallerSeesItsOwnRefusal() throws Exception {
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir.resolve("store")).build())) {
            Session s = Fixtures.session();
            store.store(s);
            int writers = 8;
            int each = 40;
            ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> refusals = new ConcurrentLinkedQueue<>();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(threads.submit(() -> {
                    long lastSeq = 0;
                    for (int i = 0; i < each; i++) {
                        Prompt p = Prompt.create(s.id(), "w" + writer + " #" + i, Fixtures.PARAMS);
                        Batch b = store.batch().add(p).add(Edge.of(p, s, new EdgeProperties.PartOf("user")));
                        if (i % 10 == 9) {
                            b.add(Edge.of(p.id(), "ghost-" + writer + "-" + i, new EdgeProperties.PartOf("user")));
                            try {
                                b.commit();
                            } catch (IllegalArgumentException e) {
                                assertThat(e).hasMessageContaining("node 'ghost-" + writer + "-" + i + "' does not exist");
                                refusals.add(e);
                            }
                            continue;
                        }
                        long seq = b.commit().sequences().get(p.id());
                        // one writer's appends keep their order in the session
                        assertThat(seq).isGreaterThan(lastSeq);
                        lastSeq = seq;
                        stored.add(p.id());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(refusals).hasSize(writers * each / 10);
            List<SessionEntry> thread = store.thread(s.id());
            assertThat(thread).extracting(e -> e.node().id()).containsExactlyInAnyOrderElementsOf(stored);
            // the sequence has no gaps: refused appends reserved nothing
            for (int i = 0; i < thread.size(); i++) {
                assertThat(thread.get(i).seq()).isEqualTo(i + 1);
            }
            long[] counts = store.groupCommitCounts();
            assertThat(counts[1]).as("writes through the group commit").isGreaterThanOrEqualTo(writers * each);
        }
    }

    @Test
    void groupCommitSettingsAreChecked() {
        assertThatThrownBy(() -> MemoryStoreConfig.sqlite(dir).groupCommitMaxBatch(0).build())
                .hasMessage("groupCommitMaxBatch = 0 is not allowed; allowed: 1 to 1024");
        assertThatThrownBy(() -> MemoryStoreConfig.sqlite(dir).groupCommitMaxWait(java.time.Duration.ofMillis(101)).build())
                .hasMessage("groupCommitMaxWait = PT0.101S is not allowed; allowed: 0 to 100 ms");
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir.resolve("off")).groupCommitMaxBatch(1).build())) {
            store.store(Fixtures.session());
            assertThat(store.groupCommitCounts()).containsExactly(0, 0);
        }
    }

    private static long insert(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO event (tag) VALUES (?) RETURNING id")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> tags() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.readOnlyView().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tag FROM event ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A first write that holds the writer until released, so that the writes behind it queue. */
    private Future<Long> holdWriter(GroupCommit group, String tag, CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<Long> first = threads.submit(() -> group.write(c -> {
            holding.countDown();
            awaitUninterruptibly(release);
            return insert(c, tag);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQueued(GroupCommit group, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.queued() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(group.queued()).isEqualTo(n);
    }
}
