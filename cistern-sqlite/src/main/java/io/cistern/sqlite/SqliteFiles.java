package io.cistern.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/** What SQLite errors at open mean, and the only file operations recovery is allowed to do. */
final class SqliteFiles {
    private static final Logger log = LoggerFactory.getLogger(SqliteFiles.class);
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_CANTOPEN = 14;
    static final int SQLITE_NOTADB = 26;
    /** The unix VFS's "dead man switch" byte in the -shm file: every live connection holds a shared lock on it. */
    private static final long SHM_DMS_OFFSET = 128;
    private static final String[] SIDE_FILES = {"-wal", "-shm", "-journal"};

    private SqliteFiles() {
    }

    /** @return SQLite's primary result code found in the cause chain, or -1 */
    static int primaryCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException) {
                return ((SQLiteException) c).getResultCode().code & 0xff;
            }
            if (c instanceof SQLException && ((SQLException) c).getErrorCode() > 0 && c.getClass().getName().startsWith("org.sqlite")) {
                return ((SQLException) c).getErrorCode() & 0xff;
            }
        }
        return -1;
    }

    static boolean isCorrupt(Throwable t) {
        int code = primaryCode(t);
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    }

    /**
     * @return whether the failure looks like SQLite could not set up its shared-memory index:
     *     an I/O error or cannot-open, or read-only while the database and its directory are writable
     */
    static boolean isSideFileFailure(Throwable t, Path db) {
        int code = primaryCode(t);
        if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN) {
            return true;
        }
        return code == SQLITE_READONLY && Files.isWritable(db) && Files.isWritable(db.getParent());
    }

    /**
     * SQLite opens a file it cannot write read-only without a word, and fails only at the first
     * write; and it cannot create a database, or the side files it writes beside one, in a
     * directory it cannot write. Both are refused before SQLite is asked, naming the path.
     *
     * @return the refusal, or {@code null} if the file and its directory are writable
     */
    static SQLException unwritable(Path db) {
        Path dir = db.getParent();
        if (Files.exists(db) && !Files.isWritable(db)) {
            return new SQLException("SQLite " + db + " is read-only for this process (no write permission, an immutable file"
                    + " or a read-only file system); allowed: a database file this process can write", "08001");
        }
        if (dir != null && !Files.isWritable(dir)) {
            return new SQLException("SQLite " + db + ": directory " + dir + " is not writable; SQLite creates "
                    + (Files.exists(db) ? "the database's side files (-wal, -shm, -journal)" : "the database file") + " there;"
                    + " allowed: a directory this process can write", "08001");
        }
        return null;
    }

    static Path sideFile(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }

    /**
     * Removes the database's {@code -shm} file, which SQLite rebuilds from the database and the
     * {@code -wal}, if no other process is using it. The {@code -wal}, which may hold committed
     * transactions, is never touched.
     *
     * @return whether a {@code -shm} was removed
     */
    static boolean removeStaleShm(Path db) {
        Path shm = sideFile(db, "-shm");
        if (!Files.exists(shm, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            if (Files.isRegularFile(shm, LinkOption.NOFOLLOW_LINKS) && inUse(shm)) {
                log.warn("SQLite {}: {} is in use by another process; not removed", db, shm.getFileName());
                return false;
            }
            Files.delete(shm);
            log.warn("SQLite {}: removed the stale {} after an I/O error at open (SQLite rebuilds it; the -wal is kept)",
                    db, shm.getFileName());
            return true;
        } catch (IOException e) {
            log.warn("SQLite {}: could not remove {}: {}", db, shm.getFileName(), e.toString());
            return false;
        }
    }

    /** @return whether another process holds the shared-memory index's dead-man-switch lock */
    static boolean inUse(Path shm) throws IOException {
        try (FileChannel ch = FileChannel.open(shm, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock(SHM_DMS_OFFSET, 1, false);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /**
     * Renames the database and its side files aside, with the same {@code .corrupt-<time>} suffix.
     *
     * @return the new name of the database file
     */
    static Path quarantine(Path db) throws IOException {
        String suffix = ".corrupt-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS"));
        Path aside = db.resolveSibling(db.getFileName() + suffix);
        List<String> moved = new ArrayList<>();
        Files.move(db, aside, StandardCopyOption.ATOMIC_MOVE);
        moved.add(aside.getFileName().toString());
        for (String side : SIDE_FILES) {
            Path f = sideFile(db, side);
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                Path target = sideFile(aside, side);
                Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
                moved.add(target.getFileName().toString());
            }
        }
        log.error("SQLite {}: corrupt database quarantined as {}; starting with an empty database", db, moved);
        return aside;
    }
}
