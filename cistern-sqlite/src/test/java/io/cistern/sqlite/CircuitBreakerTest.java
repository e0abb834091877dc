package io.cistern.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-path breaker: 3 failed opens, then refusals for 30 s, on a controlled clock. */
class CircuitBreakerTest {
    @TempDir
    Path dir;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void opensAfterThreeFailuresAndRetriesAfterTheCooldown() throws Exception {
        Path file = dir.resolve("broken.db");
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean fixed = new AtomicBoolean();
        SqliteConfig config = SqliteConfig.builder(file).ticker(nanos::get).migration(ds -> {
            attempts.incrementAndGet();
            if (!fixed.get()) {
                throw new IllegalStateException("schema step 7 failed");
            }
        }).build();

        for (int i = 1; i <= 3; i++) {
            assertThatThrownBy(() -> SqliteDatabases.open(config))
                    .isNotInstanceOf(CircuitOpenException.class).hasMessageContaining("migration failed");
            assertThat(attempts.get()).isEqualTo(i);
        }
        assertThatThrownBy(() -> SqliteDatabases.open(config))
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining(file.toRealPath().toString())
                .hasMessageContaining("circuit breaker open after 3 consecutive failed opens")
                .hasMessageContaining("schema step 7 failed")
                .hasRootCauseMessage("schema step 7 failed");
        assertThat(attempts.get()).as("no attempt while open").isEqualTo(3);
        assertThat(SqliteDatabases.isOpen(file)).isFalse();

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThatThrownBy(() -> SqliteDatabases.open(config)).isInstanceOf(CircuitOpenException.class);
        assertThat(attempts.get()).isEqualTo(3);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> SqliteDatabases.open(config)).hasMessageContaining("migration failed");
        assertThat(attempts.get()).as("one trial after the cooldown").isEqualTo(4);
        assertThatThrownBy(() -> SqliteDatabases.open(config)).isInstanceOf(CircuitOpenException.class);

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        fixed.set(true);
        try (SqliteDataSource db = SqliteDatabases.open(config)) {
            assertThat(attempts.get()).isEqualTo(5);
            assertThat(db.getConnection()).isNotNull();
        }
    }

    @Test
    void invalidateResetsAnOpenBreaker() throws Exception {
        Path file = dir.resolve("garbage.db");
        Files.writeString(file, "not a database ".repeat(100));
        SqliteConfig config = SqliteConfig.builder(file).ticker(nanos::get).circuitBreaker(2, Duration.ofMinutes(5)).build();
        assertThatThrownBy(() -> SqliteDatabases.open(config)).isInstanceOf(CorruptDatabaseException.class);
        assertThatThrownBy(() -> SqliteDatabases.open(config)).isInstanceOf(CorruptDatabaseException.class);
        assertThatThrownBy(() -> SqliteDatabases.open(config)).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("after 2 consecutive failed opens")
                .hasCauseInstanceOf(CorruptDatabaseException.class);

        Files.delete(file); // the operator fixes it
        assertThatThrownBy(() -> SqliteDatabases.open(config)).isInstanceOf(CircuitOpenException.class);
        assertThat(SqliteDatabases.invalidate(file)).isTrue();
        try (SqliteDataSource db = SqliteDatabases.open(config)) {
            assertThat(Sql.number(db, "SELECT count(*) FROM sqlite_master")).isZero();
        }
    }
}
