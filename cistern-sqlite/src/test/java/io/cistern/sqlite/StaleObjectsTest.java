package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.ClosedJdbc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement kept past its connection's close must not run on the writer (or a reader) that
 * has gone to someone else: through the routing connection, the writer, the readers and the
 * single shared connection of a rollback-journal database.
 */
class StaleObjectsTest {
    @TempDir
    Path dir;

    @Test
    void aStaleStatementDoesNotJoinTheNextWritersTransaction() throws SQLException {
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("stale.db")).build())) {
            exec(db, "CREATE TABLE note(body TEXT)");
            Connection a = db.getConnection();
            Statement stale = a.createStatement();
            stale.execute("SELECT 1"); // routed to the writer
            a.close();
            try (Connection b = db.getConnection()) {
                b.setAutoCommit(false);
                exec(b, "INSERT INTO note VALUES ('b')");
                assertThatThrownBy(() -> stale.execute("INSERT INTO note VALUES ('stale')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("closed");
                b.rollback();
            }
            assertThatThrownBy(() -> stale.execute("INSERT INTO note VALUES ('stale, writer idle')"))
                    .isInstanceOf(SQLException.class);
            assertThat(number(db, "SELECT count(*) FROM note")).as("neither stale insert ran").isZero();
        }
    }

    @Test
    void staleReaderStatementsAndTheRoutingConnectionRefuseEverything() throws SQLException {
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("readers.db")).readers(2).build())) {
            exec(db, "CREATE TABLE note(body TEXT)");
            exec(db, "INSERT INTO note VALUES ('x')");
            Connection reader = db.readOnlyView().getConnection();
            Statement s = reader.createStatement();
            ResultSet rs = s.executeQuery("SELECT body FROM note");
            PreparedStatement ps = reader.prepareStatement("SELECT body FROM note");
            reader.close();
            assertThat(ClosedJdbc.notRefused(s, Statement.class, Set.of())).isEmpty();
            assertThat(ClosedJdbc.notRefused(ps, PreparedStatement.class, Set.of())).isEmpty();
            assertThat(ClosedJdbc.notRefused(rs, ResultSet.class, Set.of())).isEmpty();
            assertThat(ClosedJdbc.notRefused(reader, Connection.class, Set.of("isValid", "abort"))).isEmpty();
            Connection neverRouted = db.getConnection();
            neverRouted.close();
            assertThat(ClosedJdbc.notRefused(neverRouted, Connection.class, Set.of("isValid", "abort"))).isEmpty();
        }
    }

    @Test
    void onTheSingleConnectionOfARollbackJournalToo() throws SQLException {
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("single.db"))
                .journalMode(SqliteConfig.JournalMode.DELETE).build())) {
            assertThat(db.isSingleConnection()).isTrue();
            exec(db, "CREATE TABLE note(body TEXT)");
            Connection a = db.readOnlyView().getConnection();
            Statement stale = a.createStatement();
            stale.executeQuery("SELECT 1").close();
            a.close();
            assertThat(ClosedJdbc.notRefused(stale, Statement.class, Set.of())).isEmpty();
            assertThat(ClosedJdbc.notRefused(a, Connection.class, Set.of("isValid", "abort"))).isEmpty();
            exec(db, "INSERT INTO note VALUES ('after')");
            assertThat(number(db, "SELECT count(*) FROM note")).isEqualTo(1);
        }
    }
}
