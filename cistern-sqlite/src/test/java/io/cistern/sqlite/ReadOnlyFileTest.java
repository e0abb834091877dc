package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database this process cannot write is refused at open, naming the path, not at the first
 * write; so is a file in a directory where SQLite cannot create it or its side files. Files are
 * made read-only with permissions, or, for root (whom permissions do not stop), with the
 * immutable flag; where neither works the test is skipped, saying why.
 */
class ReadOnlyFileTest {
    @TempDir
    Path dir;
    private final List<Path> locked = new ArrayList<>();

    @AfterEach
    void unlock() throws Exception {
        for (Path p : locked) {
            run("chattr", "-i", p.toString());
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    @Test
    void aReadOnlyFileIsRefusedAtOpenNamingThePath() throws Exception {
        Path file = dir.resolve("ro.db");
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(file).build())) {
            exec(db, "CREATE TABLE t(v TEXT)");
        }
        makeReadOnly(file);
        for (SqliteConfig.JournalMode mode : new SqliteConfig.JournalMode[] {SqliteConfig.JournalMode.WAL, SqliteConfig.JournalMode.DELETE}) {
            assertThatThrownBy(() -> SqliteDatabases.open(SqliteConfig.builder(file).journalMode(mode).build()).close())
                    .as("journal mode %s", mode)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining(file.toRealPath().toString())
                    .hasMessageContaining("read-only");
            SqliteDatabases.invalidate(file);
        }
    }

    @Test
    void aDirectoryWhereTheFileCannotBeCreatedIsNamed() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("locked"));
        makeReadOnly(sub);
        Path file = sub.resolve("new.db");
        assertThatThrownBy(() -> SqliteDatabases.open(SqliteConfig.builder(file).build()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(sub.toRealPath().toString())
                .hasMessageContaining("not writable");
        assertThat(Files.exists(file)).isFalse();
    }

    private void makeReadOnly(Path p) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(run("chattr", "+i", p.toString()) == 0,
                    "running as root, whom permissions do not stop, and chattr +i is not available here");
        } else {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        }
        locked.add(p);
        assumeTrue(!Files.isWritable(p), "could not make " + p + " read-only");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }
}
