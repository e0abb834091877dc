package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static io.cistern.sqlite.Sql.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pragmas each connection really has, read back from SQLite. */
class PragmaTest {
    @TempDir
    Path dir;

    @Test
    void walDefaultsOnWriterAndReaders() throws SQLException {
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("wal.db")).build())) {
            assertThat(db.isSingleConnection()).isFalse();
            try (Connection w = db.getConnection()) {
                assertThat(string(w, "PRAGMA journal_mode")).isEqualTo("wal");
                assertThat(number(w, "PRAGMA synchronous")).isEqualTo(1); // NORMAL
                assertThat(number(w, "PRAGMA busy_timeout")).isEqualTo(5000);
                assertThat(number(w, "PRAGMA foreign_keys")).isEqualTo(1);
                assertThat(number(w, "PRAGMA wal_autocheckpoint")).isEqualTo(1000);
                assertThat(number(w, "PRAGMA mmap_size")).isEqualTo(256L * 1024 * 1024);
                assertThat(w.isReadOnly()).isFalse();
            }
            try (Connection r = db.readOnlyView().getConnection()) {
                assertThat(string(r, "PRAGMA journal_mode")).isEqualTo("wal");
                assertThat(number(r, "PRAGMA busy_timeout")).isEqualTo(5000);
                assertThat(number(r, "PRAGMA foreign_keys")).isEqualTo(1);
                assertThat(number(r, "PRAGMA mmap_size")).isEqualTo(256L * 1024 * 1024);
                assertThat(r.isReadOnly()).isTrue();
                assertThatThrownBy(() -> exec(r, "CREATE TABLE t(x)")).hasMessageContaining("SQLITE_READONLY");
            }
        }
    }

    @Test
    void configuredValuesReachSqlite() throws SQLException {
        SqliteConfig config = SqliteConfig.builder(dir.resolve("custom.db"))
                .synchronous(SqliteConfig.Synchronous.FULL).busyTimeout(Duration.ofMillis(1234))
                .foreignKeys(false).walAutocheckpoint(0).mmapSize(0).readers(2).build();
        try (SqliteDataSource db = SqliteDatabases.open(config); Connection w = db.getConnection();
             Connection r = db.readOnlyView().getConnection()) {
            assertThat(number(w, "PRAGMA synchronous")).isEqualTo(2);
            assertThat(number(w, "PRAGMA busy_timeout")).isEqualTo(1234);
            assertThat(number(w, "PRAGMA foreign_keys")).isZero();
            assertThat(number(w, "PRAGMA wal_autocheckpoint")).isZero();
            assertThat(number(w, "PRAGMA mmap_size")).isZero();
            assertThat(number(r, "PRAGMA mmap_size")).isZero();
            assertThat(number(r, "PRAGMA busy_timeout")).isEqualTo(1234);
            assertThat(number(r, "PRAGMA foreign_keys")).isZero();
            assertThat(db.readerStats().maxSize()).isEqualTo(2);
        }
    }

    @Test
    void foreignKeysAreEnforcedByDefault() throws SQLException {
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("fk.db")).build());
             Connection w = db.getConnection()) {
            exec(w, "CREATE TABLE parent(id INTEGER PRIMARY KEY)");
            exec(w, "CREATE TABLE child(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id))");
            assertThatThrownBy(() -> exec(w, "INSERT INTO child(parent) VALUES (42)")).hasMessageContaining("FOREIGN KEY");
        }
    }

    @Test
    void rollbackJournalFallsBackToOneConnectionWithFullSync() throws SQLException {
        for (SqliteConfig.JournalMode mode : new SqliteConfig.JournalMode[] {
                SqliteConfig.JournalMode.DELETE, SqliteConfig.JournalMode.TRUNCATE, SqliteConfig.JournalMode.PERSIST}) {
            SqliteConfig config = SqliteConfig.builder(dir.resolve(mode + ".db")).journalMode(mode).build();
            try (SqliteDataSource db = SqliteDatabases.open(config)) {
                assertThat(db.isSingleConnection()).isTrue();
                assertThat(db.readerStats()).isNull();
                assertThat(db.writerStats().maxSize()).isEqualTo(1);
                try (Connection w = db.getConnection()) {
                    assertThat(string(w, "PRAGMA journal_mode")).isEqualTo(mode.name().toLowerCase());
                    assertThat(number(w, "PRAGMA synchronous")).isEqualTo(2); // FULL
                    assertThat(number(w, "PRAGMA busy_timeout")).isEqualTo(5000);
                    exec(w, "CREATE TABLE t(x)");
                }
                // Read-only on the single connection is enforced with query_only, and undone on close.
                try (Connection r = db.readOnlyView().getConnection()) {
                    assertThat(r.isReadOnly()).isTrue();
                    assertThat(number(r, "PRAGMA query_only")).isEqualTo(1);
                    assertThatThrownBy(() -> exec(r, "INSERT INTO t VALUES (1)")).hasMessageContaining("SQLITE_READONLY");
                }
                try (Connection w = db.getConnection()) {
                    assertThat(number(w, "PRAGMA query_only")).isZero();
                    exec(w, "INSERT INTO t VALUES (1)");
                    assertThat(number(w, "SELECT count(*) FROM t")).isEqualTo(1);
                }
            }
        }
    }
}
