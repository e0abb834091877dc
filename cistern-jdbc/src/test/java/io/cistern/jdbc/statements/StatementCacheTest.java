package io.cistern.jdbc.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The cache on a real SQLite file behind Cistern's pool: what stays prepared, what does not. */
class StatementCacheTest {
    @TempDir
    Path dir;
    private CisternDataSource pool;

    @BeforeEach
    void open() throws SQLException {
        pool = new CisternDataSource(CisternConfig.builder().jdbcUrl("jdbc:sqlite:" + dir.resolve("cache.db"))
                .poolName("statement-cache").maximumPoolSize(1).build());
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        }
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aStatementIsPreparedOncePerPhysicalConnectionAndOutlivesTheLease() throws SQLException {
        StatementCache cache = StatementCache.create(SQLiteConnection.class, 8);
        PreparedStatement first;
        try (Connection c = pool.getConnection(); StatementCache.CachedStatement insert = cache.prepare(c, "INSERT INTO note (body) VALUES (?)")) {
            first = insert.statement();
            first.setString(1, "one");
            first.executeUpdate();
        }
        try (Connection c = pool.getConnection(); StatementCache.CachedStatement insert = cache.prepare(c, "INSERT INTO note (body) VALUES (?)")) {
            assertThat(insert.statement()).isSameAs(first);
            assertThat(first.isClosed()).isFalse();
            // the parameters of the last use were cleared
            assertThatThrownBy(insert.statement()::executeUpdate).isInstanceOf(SQLException.class);
            insert.statement().setString(1, "two");
            insert.statement().executeUpdate();
        }
        assertThat(count()).isEqualTo(2);
        assertThat(cache.connections()).isEqualTo(1);
    }

    @Test
    void theSameSqlNestedGetsAStatementOfItsOwnClosedAfterUse() throws SQLException {
        StatementCache cache = StatementCache.create(SQLiteConnection.class, 8);
        try (Connection c = pool.getConnection();
             StatementCache.CachedStatement outer = cache.prepare(c, "SELECT count(*) FROM note");
             StatementCache.CachedStatement inner = cache.prepare(c, "SELECT count(*) FROM note")) {
            assertThat(inner.statement()).isNotSameAs(outer.statement());
            inner.close();
            assertThat(inner.statement().isClosed()).isTrue();
            assertThat(outer.statement().isClosed()).isFalse();
        }
    }

    @Test
    void theLeastRecentlyUsedBeyondTheBoundIsClosed() throws SQLException {
        StatementCache cache = StatementCache.create(SQLiteConnection.class, 2);
        try (Connection c = pool.getConnection()) {
            PreparedStatement a = use(cache, c, "SELECT 1");
            use(cache, c, "SELECT 2");
            use(cache, c, "SELECT 1"); // a is now the most recent
            PreparedStatement third = use(cache, c, "SELECT 3");
            assertThat(a.isClosed()).isFalse();
            assertThat(use(cache, c, "SELECT 1")).isSameAs(a);
            assertThat(use(cache, c, "SELECT 3")).isSameAs(third);
        }
    }

    @Test
    void aNewPhysicalConnectionPreparesAgain() throws SQLException {
        StatementCache cache = StatementCache.create(SQLiteConnection.class, 4);
        PreparedStatement before;
        try (Connection c = pool.getConnection()) {
            before = use(cache, c, "SELECT 1");
        }
        pool.softEvictConnections();
        try (Connection c = pool.getConnection()) {
            PreparedStatement after = use(cache, c, "SELECT 1");
            assertThat(after).isNotSameAs(before);
            assertThat(after.isClosed()).isFalse();
        }
        // the closed connection and its statements are forgotten once the new one appears
        assertThat(cache.connections()).isEqualTo(1);
    }

    @Test
    void noneKeepsNothing() throws SQLException {
        StatementCache none = StatementCache.none();
        try (Connection c = pool.getConnection()) {
            PreparedStatement a = use(none, c, "SELECT 1");
            assertThat(a.isClosed()).isTrue();
            assertThat(use(none, c, "SELECT 1")).isNotSameAs(a);
        }
        assertThat(none.connections()).isZero();
    }

    @Test
    void badSettingsAreRefusedWithTheAllowedRange() {
        assertThatThrownBy(() -> StatementCache.create(SQLiteConnection.class, 0))
                .hasMessage("perConnection = 0 is not allowed; allowed: 1 to 1024");
    }

    private static PreparedStatement use(StatementCache cache, Connection c, String sql) throws SQLException {
        try (StatementCache.CachedStatement s = cache.prepare(c, sql); ResultSet rs = s.statement().executeQuery()) {
            assertThat(rs.next()).isTrue();
            return s.statement();
        }
    }

    private long count() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM note")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
