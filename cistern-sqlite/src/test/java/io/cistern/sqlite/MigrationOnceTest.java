package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads open a database for the first time at once: the migration runs exactly once. */
class MigrationOnceTest {
    private static final int THREADS = 16;

    @TempDir
    Path dir;

    @Test
    void aCallbackMigrationRunsOnceUnderAFirstOpenRace() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SqliteMigration migration = ds -> {
            runs.incrementAndGet();
            Thread.sleep(50); // hold the path's lock a while, so the other openers are surely waiting for it
            exec(ds, "CREATE TABLE schema_marker(applied_at INTEGER)");
            exec(ds, "INSERT INTO schema_marker VALUES (1)");
        };
        SqliteConfig config = SqliteConfig.builder(dir.resolve("race.db")).migration(migration).build();
        List<SqliteDataSource> opened = openConcurrently(() -> SqliteDatabases.open(config));
        try {
            assertThat(runs.get()).isEqualTo(1);
            // Had it run twice, CREATE TABLE would have failed one opener; the row count confirms it.
            assertThat(number(opened.get(0), "SELECT count(*) FROM schema_marker")).isEqualTo(1);
            assertThat(opened).extracting(SqliteDataSource::database).containsOnly(opened.get(0).database());
        } finally {
            opened.forEach(SqliteDataSource::close);
        }
    }

    @Test
    void flywayMigratesOnceThroughTheSingleWriter() throws Exception {
        AtomicInteger executed = new AtomicInteger();
        SqliteMigration flyway = ds -> executed.addAndGet(Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration").load().migrate().migrationsExecuted);
        SqliteConfig config = SqliteConfig.builder(dir.resolve("flyway.db")).migration(flyway).build();
        List<SqliteDataSource> opened = openConcurrently(() -> SqliteDatabases.open(config));
        try {
            assertThat(executed.get()).isEqualTo(2);
            SqliteDataSource db = opened.get(0);
            assertThat(number(db, "SELECT count(*) FROM flyway_schema_history WHERE success = 1")).isEqualTo(2);
            assertThat(number(db.readOnlyView(), "SELECT count(*) FROM message")).isEqualTo(1);
        } finally {
            opened.forEach(SqliteDataSource::close);
        }
    }

    @Test
    void aSecondMigrationOnAnOpenDatabaseRunsOnceToo() throws SQLException {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Path file = dir.resolve("two.db");
        SqliteMigration one = ds -> first.incrementAndGet();
        SqliteMigration two = ds -> second.incrementAndGet();
        try (SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(file).migration(one).build());
             SqliteDataSource b = SqliteDatabases.open(SqliteConfig.builder(file).migration(two).build());
             SqliteDataSource c = SqliteDatabases.open(SqliteConfig.builder(file).migration(two).build());
             SqliteDataSource d = SqliteDatabases.open(SqliteConfig.builder(file).migration(one).build())) {
            assertThat(first.get()).isEqualTo(1);
            assertThat(second.get()).isEqualTo(1);
        }
    }

    private static List<SqliteDataSource> openConcurrently(Callable<SqliteDataSource> open) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<SqliteDataSource> opened = new ArrayList<>();
        try {
            List<Future<SqliteDataSource>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return open.call();
                }));
            }
            Exception failure = null;
            for (Future<SqliteDataSource> f : futures) {
                try {
                    opened.add(f.get(1, TimeUnit.MINUTES));
                } catch (Exception e) {
                    failure = e;
                }
            }
            if (failure != null) {
                opened.forEach(SqliteDataSource::close);
                throw failure;
            }
            return opened;
        } finally {
            pool.shutdownNow();
        }
    }
}
