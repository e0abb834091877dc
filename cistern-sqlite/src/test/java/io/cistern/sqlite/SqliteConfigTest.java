package io.cistern.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail when the configuration is built, naming the setting, the value and what is allowed. */
class SqliteConfigTest {
    private static final Path FILE = Path.of("memory.db");

    @Test
    void defaultsFollowTheJournalMode() {
        SqliteConfig wal = SqliteConfig.builder(FILE).build();
        assertThat(wal.journalMode()).isEqualTo(SqliteConfig.JournalMode.WAL);
        assertThat(wal.synchronous()).isEqualTo(SqliteConfig.Synchronous.NORMAL);
        assertThat(wal.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(wal.foreignKeys()).isTrue();
        assertThat(wal.walAutocheckpoint()).isEqualTo(1000);
        assertThat(wal.mmapSize()).isEqualTo(256L * 1024 * 1024);
        assertThat(wal.breakerFailures()).isEqualTo(3);
        assertThat(wal.breakerCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(wal.quarantineCorrupt()).isFalse();
        SqliteConfig truncate = SqliteConfig.builder(FILE).journalMode(SqliteConfig.JournalMode.TRUNCATE).build();
        assertThat(truncate.synchronous()).isEqualTo(SqliteConfig.Synchronous.FULL);
    }

    @Test
    void badValuesNameTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).readers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("readers = 0 is not allowed; allowed: 1 to 64");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).busyTimeout(Duration.ofMillis(-1)).build())
                .hasMessage("busyTimeout = PT-0.001S is not allowed; allowed: 0 to 24 hours");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).walAutocheckpoint(-5).build())
                .hasMessage("walAutocheckpoint = -5 is not allowed; allowed: 0 (never) or more pages");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).mmapSize(-1).build())
                .hasMessage("mmapSize = -1 is not allowed; allowed: 0 (off) to 2147418112 bytes");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).mmapSize(4L << 30).build())
                .hasMessage("mmapSize = 4294967296 is not allowed; allowed: 0 (off) to 2147418112 bytes");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).connectionTimeout(Duration.ofMillis(10)).build())
                .hasMessage("connectionTimeout = PT0.01S is not allowed; allowed: at least 250 ms");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).circuitBreaker(0, Duration.ofSeconds(1)).build())
                .hasMessage("circuitBreaker failures = 0 is not allowed; allowed: at least 1");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).circuitBreaker(3, Duration.ZERO).build())
                .hasMessage("circuitBreaker cooldown = PT0S is not allowed; allowed: a positive duration");
        assertThatThrownBy(() -> SqliteConfig.builder(FILE).journalMode(null).build())
                .hasMessage("journalMode = null is not allowed; allowed: one of WAL, DELETE, TRUNCATE, PERSIST");
        assertThatThrownBy(() -> SqliteConfig.builder("jdbc:sqlite::memory:").quarantineCorrupt(true).build())
                .hasMessageStartingWith("quarantineCorrupt = true is not allowed");
        assertThatThrownBy(() -> SqliteConfig.builder((Path) null)).hasMessageStartingWith("file = null is not allowed");
    }

    @Test
    void urlsAreParsedOrRefused() {
        assertThat(SqliteConfig.builder("jdbc:sqlite:/tmp/a.db").build().file()).isEqualTo(Path.of("/tmp/a.db"));
        assertThat(SqliteConfig.builder("jdbc:sqlite:file:/tmp/a.db").build().file()).isEqualTo(Path.of("/tmp/a.db"));
        assertThat(SqliteConfig.builder("jdbc:sqlite::memory:").build().memoryName()).isEqualTo(":memory:");
        assertThat(SqliteConfig.builder("jdbc:sqlite:").build().inMemory()).isTrue();
        SqliteConfig named = SqliteConfig.builder("jdbc:sqlite:file:agents?mode=memory&cache=shared").build();
        assertThat(named.inMemory()).isTrue();
        assertThat(named.memoryName()).isEqualTo("agents");
        assertThatThrownBy(() -> SqliteConfig.builder("jdbc:postgresql://db/x"))
                .hasMessage("jdbcUrl = jdbc:postgresql://db/x is not allowed; allowed: a URL starting with jdbc:sqlite:");
        assertThatThrownBy(() -> SqliteConfig.builder("jdbc:sqlite:/tmp/a.db?journal_mode=DELETE"))
                .hasMessageContaining("query parameters ('journal_mode=DELETE') would override Cistern's pragmas");
    }
}
