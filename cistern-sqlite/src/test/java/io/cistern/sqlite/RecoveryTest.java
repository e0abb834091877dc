package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery at open: only a stale -shm is removed, never the -wal; corrupt files are left alone unless quarantine is on. */
class RecoveryTest {
    @TempDir
    Path dir;

    /**
     * Crash images: copies of a database file and of its -wal holding every committed row, none
     * checkpointed, taken while the database was open and idle, as a crash would leave them.
     */
    private List<Path> crashImages(int rows, String... names) throws Exception {
        Path live = dir.resolve("live.db");
        List<Path> images = new java.util.ArrayList<>();
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(live).walAutocheckpoint(0).build())) {
            exec(db, "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)");
            for (int i = 0; i < rows; i++) {
                exec(db, "INSERT INTO note(body) VALUES ('committed " + i + "')");
            }
            for (String name : names) {
                Path image = dir.resolve(name);
                Files.copy(live, image);
                Files.copy(SqliteFiles.sideFile(live, "-wal"), SqliteFiles.sideFile(image, "-wal"));
                images.add(image);
            }
        }
        return images;
    }

    @Test
    void aStaleShmIsRemovedAndTheWalWithItsCommitsKept() throws Exception {
        List<Path> images = crashImages(50, "main-only.db", "plain.db", "recovered.db");
        // The rows live only in the -wal: the main file alone does not even have the table.
        Path mainOnly = images.get(0);
        Files.delete(SqliteFiles.sideFile(mainOnly, "-wal"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mainOnly)) {
            assertThatThrownBy(() -> number(c, "SELECT count(*) FROM note")).hasMessageContaining("no such table");
        }
        // A -shm SQLite cannot open or map (here: a directory in its place) leaves a plain connection unable to write.
        Path plain = images.get(1);
        Files.createDirectory(SqliteFiles.sideFile(plain, "-shm"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain)) {
            assertThatThrownBy(() -> exec(c, "INSERT INTO note(body) VALUES ('x')")).hasMessageContaining("SQLITE_READONLY");
        }

        Path file = images.get(2);
        Path shm = Files.createDirectory(SqliteFiles.sideFile(file, "-shm"));
        assertThat(Files.size(SqliteFiles.sideFile(file, "-wal"))).isPositive();
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(file).build())) {
            assertThat(number(db.readOnlyView(), "SELECT count(*) FROM note")).isEqualTo(50);
            exec(db, "INSERT INTO note(body) VALUES ('after recovery')");
            assertThat(Files.isRegularFile(shm)).as("rebuilt by SQLite").isTrue();
        }
    }

    @Test
    void aCorruptDatabaseFailsClearlyAndIsLeftUntouched() throws Exception {
        Path file = dir.resolve("corrupt.db");
        byte[] garbage = "this is no SQLite database ".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, garbage);
        assertThatThrownBy(() -> SqliteDatabases.open(SqliteConfig.builder(file).build()))
                .isInstanceOf(CorruptDatabaseException.class)
                .hasMessageContaining(file.toRealPath().toString())
                .hasMessageContaining("SQLITE_NOTADB")
                .hasMessageContaining("Nothing was changed on disk")
                .hasMessageContaining("quarantineCorrupt(true)");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
        assertThat(listing()).containsExactly("corrupt.db");
        SqliteDatabases.invalidate(file);
    }

    @Test
    void quarantineMovesTheCorruptFileAsideAndStartsEmpty() throws Exception {
        Path file = dir.resolve("quarantine.db");
        byte[] garbage = "this is no SQLite database ".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, garbage);
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(file).quarantineCorrupt(true).build())) {
            exec(db, "CREATE TABLE note(x)");
            assertThat(number(db.readOnlyView(), "SELECT count(*) FROM note")).isZero();
        }
        List<String> files = listing();
        assertThat(files).contains("quarantine.db");
        String aside = files.stream().filter(f -> f.startsWith("quarantine.db.corrupt-")).findFirst().orElseThrow();
        assertThat(Files.readAllBytes(dir.resolve(aside))).isEqualTo(garbage);
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
