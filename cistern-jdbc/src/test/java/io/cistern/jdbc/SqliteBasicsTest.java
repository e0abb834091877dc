package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The basics on a real SQLite file with xerial sqlite-jdbc (the full SQLite discipline is its own module). */
class SqliteBasicsTest {

    private static CisternDataSource open(Path file, String name) {
        return new CisternDataSource(CisternConfig.builder().jdbcUrl("jdbc:sqlite:" + file)
                .poolName(name).maximumPoolSize(1).build());
    }

    @Test
    void writesAndReadsARealFileAndResetsState(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("memory.db");
        try (CisternDataSource ds = open(file, "sqlite-basic")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table note (id integer primary key, body text not null)");
                s.execute("insert into note(body) values ('kept')");
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("insert into note(body) values (?)")) {
                    ps.setString(1, "rolled back");
                    ps.executeUpdate();
                }
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select group_concat(body) from note")) {
                assertThat(c.getAutoCommit()).isTrue();
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("kept");
                assertThat(c.unwrap(SQLiteConnection.class).getDatabase()).isNotNull();
            }
        }
        assertThat(Files.size(file)).isPositive();
        // Closing the data source releases the file: another writer gets it at once.
        try (Connection direct = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = direct.createStatement()) {
            s.execute("insert into note(body) values ('after close')");
            try (ResultSet rs = s.executeQuery("select count(*) from note")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void connectionInitSqlRunsOnEveryNewConnection(@TempDir Path dir) throws Exception {
        try (CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
                .jdbcUrl("jdbc:sqlite:" + dir.resolve("fk.db")).poolName("sqlite-init")
                .maximumPoolSize(1).connectionInitSql("PRAGMA foreign_keys = ON").build());
             Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_keys")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
