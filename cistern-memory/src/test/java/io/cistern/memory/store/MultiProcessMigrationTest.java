package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes opening the same fresh SQLite file at once: one migrates, the others wait for
 * it (cistern-sqlite serialises within a process, the migration's file lock across processes) and
 * all of them write. On PostgreSQL Flyway's own lock does this; {@link MemoryStoreTest} covers it
 * with concurrent opens, each a separate Flyway run on separate connections.
 */
class MultiProcessMigrationTest {

    @TempDir
    Path dir;

    @Test
    void threeProcessesOpeningOneFreshFileMigrateItOnce() throws Exception {
        int processes = 3;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long startAt = System.currentTimeMillis() + 3000;
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    OpenStoreMain.class.getName(), dir.toString(), Long.toString(startAt))
                    .redirectErrorStream(true).start());
        }
        for (Process p : children) {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("stored");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(MemoryStoreConfig.SQLITE_FILE_NAME));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Database.HISTORY_TABLE + " WHERE version IS NOT NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).as("each migration applied once")
                        .isEqualTo(Migrations.count(MemoryStoreConfig.sqlite(dir).build()));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM memory_sessions WHERE namespace = 'proc'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(processes);
            }
        }
    }
}
