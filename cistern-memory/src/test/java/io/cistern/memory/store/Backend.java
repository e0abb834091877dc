package io.cistern.memory.store;

import io.cistern.testkit.LoopbackPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The two databases every store test runs against. */
public enum Backend {
    SQLITE, POSTGRESQL;

    /** @return settings for a new, empty store: a file in {@code dir}, or a fresh PostgreSQL database */
    public MemoryStoreConfig.Builder freshConfig(Path dir) {
        return this == SQLITE
                ? MemoryStoreConfig.sqlite(dir)
                : MemoryStoreConfig.jdbc(LoopbackPostgres.freshDatabaseUrl("memory")).username("postgres");
    }

    /** A plain connection beside the store's pools, to look at or lock the database from outside. */
    static Connection outsideConnection(MemoryStoreConfig config) throws SQLException {
        return config.isSqlite()
                ? DriverManager.getConnection("jdbc:sqlite:" + config.sqliteFile())
                : DriverManager.getConnection(config.jdbcUrl(), "postgres", "");
    }
}
