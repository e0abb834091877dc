package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One set of pools per canonical path, reference-counted; in-memory databases; invalidate and drop. */
class RegistryTest {
    @TempDir
    Path dir;

    @Test
    void dataSourcesOnTheSameCanonicalPathShareOnePool() throws Exception {
        Path file = dir.resolve("shared.db");
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        try (SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(file).build());
             SqliteDataSource b = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("sub/../shared.db")).build());
             SqliteDataSource c = SqliteDatabases.open(SqliteConfig.builder(link.resolve("shared.db")).build())) {
            assertThat(b.database()).isSameAs(a.database());
            assertThat(c.database()).isSameAs(a.database());
            assertThat(c.file()).isEqualTo(file.toRealPath());
            exec(a, "CREATE TABLE t(x)");
            exec(b, "INSERT INTO t VALUES (1)");
            assertThat(number(c.readOnlyView(), "SELECT count(*) FROM t")).isEqualTo(1);
            assertThat(a.writerStats().created()).isEqualTo(1);
        }
    }

    @Test
    void theLastCloseClosesThePools() throws SQLException {
        Path file = dir.resolve("refs.db");
        SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(file).build());
        SqliteDataSource b = SqliteDatabases.open(SqliteConfig.builder(file).build());
        a.close();
        a.close(); // idempotent: does not release b's reference
        assertThat(SqliteDatabases.isOpen(file)).isTrue();
        exec(b, "CREATE TABLE t(x)");
        assertThatThrownBy(a::getConnection).hasMessageContaining("has been closed");
        assertThatThrownBy(() -> number(a.readOnlyView(), "SELECT 1")).hasMessageContaining("has been closed");
        b.close();
        assertThat(SqliteDatabases.isOpen(file)).isFalse();
        assertThat(b.database().isClosed()).isTrue();
    }

    @Test
    void differentSettingsOnAnOpenPathAreRefused() throws SQLException {
        Path file = dir.resolve("conflict.db");
        try (SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(file).build())) {
            assertThatThrownBy(() -> SqliteDatabases.open(SqliteConfig.builder(file).readers(7).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is already open with other settings (readers is 4, requested 7)");
            assertThat(a.getConnection()).isNotNull();
        }
    }

    @Test
    void privateInMemoryDatabasesAreSeparateAndKeepTheirData() throws SQLException {
        try (SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder("jdbc:sqlite::memory:").build());
             SqliteDataSource b = SqliteDatabases.open(SqliteConfig.builder("jdbc:sqlite::memory:").build())) {
            assertThat(a.isSingleConnection()).isTrue();
            assertThat(a.database()).isNotSameAs(b.database());
            exec(a, "CREATE TABLE t(x)");
            exec(a, "INSERT INTO t VALUES (1)");
            // A later borrowing, and a read-only one, see the same database: the one connection is never recycled.
            assertThat(number(a, "SELECT count(*) FROM t")).isEqualTo(1);
            assertThat(number(a.readOnlyView(), "SELECT count(*) FROM t")).isEqualTo(1);
            assertThatThrownBy(() -> number(b, "SELECT count(*) FROM t")).hasMessageContaining("no such table");
        }
    }

    @Test
    void namedInMemoryDatabasesAreSharedByName() throws SQLException {
        String url = "jdbc:sqlite:file:registry-test?mode=memory&cache=shared";
        try (SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(url).build())) {
            try (SqliteDataSource b = SqliteDatabases.open(SqliteConfig.builder(url).build())) {
                assertThat(b.database()).isSameAs(a.database());
                exec(a, "CREATE TABLE t(x)");
                exec(b, "INSERT INTO t VALUES (1)");
            }
            assertThat(number(a, "SELECT count(*) FROM t")).isEqualTo(1);
        }
        // Closed with its last data source: a new one starts empty.
        try (SqliteDataSource c = SqliteDatabases.open(SqliteConfig.builder(url).build())) {
            assertThatThrownBy(() -> number(c, "SELECT count(*) FROM t")).hasMessageContaining("no such table");
        }
    }

    @Test
    void dropClosesThePoolsAndTheNextOpenStartsAfresh() throws SQLException {
        Path file = dir.resolve("drop.db");
        SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(file).build());
        exec(a, "CREATE TABLE t(x)");
        assertThat(SqliteDatabases.drop(file)).isTrue();
        assertThat(SqliteDatabases.isOpen(file)).isFalse();
        assertThatThrownBy(a::getConnection).hasMessageContaining("was dropped");
        a.close(); // after drop: harmless
        try (SqliteDataSource b = SqliteDatabases.open(SqliteConfig.builder(file).build())) {
            assertThat(b.database()).isNotSameAs(a.database());
            assertThat(number(b, "SELECT count(*) FROM t")).isZero();
        }
        assertThat(SqliteDatabases.drop(dir.resolve("never-opened.db"))).isFalse();
    }

    @Test
    void invalidateRetiresConnectionsAndKeepsDataSourcesUsable() throws SQLException {
        Path file = dir.resolve("invalidate.db");
        try (SqliteDataSource a = SqliteDatabases.open(SqliteConfig.builder(file).readers(1).build())) {
            exec(a, "CREATE TABLE t(x)");
            long created = a.writerStats().created();
            assertThat(SqliteDatabases.invalidate(file)).isTrue();
            exec(a, "INSERT INTO t VALUES (1)");
            assertThat(a.writerStats().created()).isGreaterThan(created);
            assertThat(number(a.readOnlyView(), "SELECT count(*) FROM t")).isEqualTo(1);
        }
        assertThat(SqliteDatabases.invalidate(dir.resolve("never-opened.db"))).isFalse();
    }
}
