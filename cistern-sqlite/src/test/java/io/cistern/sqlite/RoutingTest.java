package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which pool serves a connection, and that readers are not blocked by an open write transaction. */
class RoutingTest {
    @TempDir
    Path dir;
    SqliteDataSource db;

    @BeforeEach
    void open() throws SQLException {
        db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("routing.db")).readers(2).build());
        exec(db, "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)");
        exec(db, "INSERT INTO note(body) VALUES ('committed')");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void plainConnectionsGoToTheWriter() throws SQLException {
        long readerLeases = db.readerStats().acquisitions();
        try (Connection c = db.getConnection()) {
            exec(c, "INSERT INTO note(body) VALUES ('w')");
            assertThat(db.writerStats().active()).isEqualTo(1);
        }
        assertThat(db.readerStats().acquisitions()).isEqualTo(readerLeases);
    }

    @Test
    void setReadOnlyBeforeTheFirstStatementGoesToAReader() throws SQLException {
        long writerLeases = db.writerStats().acquisitions();
        try (Connection c = db.getConnection()) {
            c.setReadOnly(true);
            assertThat(number(c, "SELECT count(*) FROM note")).isEqualTo(1);
            assertThat(db.readerStats().active()).isEqualTo(1);
            assertThatThrownBy(() -> exec(c, "INSERT INTO note(body) VALUES ('no')")).hasMessageContaining("SQLITE_READONLY");
        }
        assertThat(db.writerStats().acquisitions()).isEqualTo(writerLeases);
    }

    @Test
    void readOnlyViewGoesToAReader() throws SQLException {
        try (Connection c = db.readOnlyView().getConnection()) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(number(c, "SELECT count(*) FROM note")).isEqualTo(1);
            assertThat(db.readerStats().active()).isEqualTo(1);
            assertThat(db.writerStats().active()).isZero();
        }
    }

    @Test
    void readersSeeTheLastCommitWhileTheWriterHoldsAnOpenTransaction() throws SQLException {
        try (Connection w = db.getConnection()) {
            w.setAutoCommit(false);
            exec(w, "INSERT INTO note(body) VALUES ('uncommitted')");
            // The writer holds SQLite's write lock (BEGIN IMMEDIATE); under a rollback journal this read would
            // wait for busy_timeout and fail. Under WAL the reader is not blocked and sees the last commit.
            try (Connection r = db.readOnlyView().getConnection()) {
                assertThat(number(r, "SELECT count(*) FROM note")).isEqualTo(1);
            }
            w.commit();
            try (Connection r = db.readOnlyView().getConnection()) {
                assertThat(number(r, "SELECT count(*) FROM note")).isEqualTo(2);
            }
        }
    }

    @Test
    void aSecondWriterWaitsForTheFirstInThePoolNotOnSqlitesLock() throws SQLException {
        try (SqliteDataSource quick = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("one-writer.db"))
                .connectionTimeout(java.time.Duration.ofMillis(250)).build());
             Connection first = quick.getConnection()) {
            exec(first, "CREATE TABLE t(x)");
            try (Connection second = quick.getConnection()) {
                assertThatThrownBy(() -> exec(second, "INSERT INTO t VALUES (1)"))
                        .isInstanceOf(java.sql.SQLTransientConnectionException.class)
                        .hasMessageNotContaining("SQLITE_BUSY");
            }
            exec(first, "INSERT INTO t VALUES (1)");
        }
    }

    @Test
    void writeTransactionsBeginImmediate() throws SQLException {
        try (Connection w = db.getConnection()) {
            w.setAutoCommit(false);
            // A read first: with DEFERRED this takes only a read lock; IMMEDIATE took the write lock at BEGIN,
            // which a second writer connection outside the pool can observe as SQLITE_BUSY.
            assertThat(number(w, "SELECT count(*) FROM note")).isEqualTo(1);
            try (Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db.file())) {
                exec(other, "PRAGMA busy_timeout = 0");
                assertThatThrownBy(() -> exec(other, "BEGIN IMMEDIATE")).hasMessageContaining("SQLITE_BUSY");
            }
            w.rollback();
        }
    }
}
