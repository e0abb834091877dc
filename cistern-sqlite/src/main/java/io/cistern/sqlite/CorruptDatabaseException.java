package io.cistern.sqlite;

import java.sql.SQLNonTransientConnectionException;

/**
 * SQLite reported the database file as corrupt or not a database (SQLITE_CORRUPT, SQLITE_NOTADB).
 * Nothing was changed on disk; {@link SqliteConfig.Builder#quarantineCorrupt(boolean)} lets Cistern
 * move the file aside and start empty instead.
 */
public final class CorruptDatabaseException extends SQLNonTransientConnectionException {
    private static final long serialVersionUID = 1L;

    CorruptDatabaseException(String message, Throwable cause) {
        super(message, "08001", cause);
    }
}
