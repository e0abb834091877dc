package io.cistern.bench.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cistern.sqlite.SqliteConfig;
import io.cistern.sqlite.SqliteDataSource;
import io.cistern.sqlite.SqliteDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/** The three ways of sharing one SQLite file between 16 threads that the benchmark compares. */
public enum BenchedStore {
    /** Cistern: one writer (IMMEDIATE transactions) and 4 read-only readers under WAL, synchronous NORMAL. */
    CISTERN {
        @Override
        Store open(Path file) throws SQLException {
            SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(file).build());
            return new Store() {
                @Override
                public <T> T run(boolean readOnly, Work<T> work) throws SQLException {
                    try (Connection c = readOnly ? db.readOnlyView().getConnection() : db.getConnection()) {
                        return work.apply(c);
                    }
                }

                @Override
                public void close() {
                    db.close();
                }
            };
        }
    },
    /** HikariCP with 10 plain sqlite-jdbc connections: driver defaults (rollback journal, busy timeout 3 s, DEFERRED). */
    HIKARI_10 {
        @Override
        Store open(Path file) {
            return hikari(hikariConfig(file, "bench-hikari"));
        }
    },
    /**
     * HikariCP with 10 connections given the pragmas Cistern uses (WAL, synchronous NORMAL, busy
     * timeout 5 s) but no writer discipline: separates what WAL buys from what one writer buys.
     */
    HIKARI_10_WAL {
        @Override
        Store open(Path file) {
            HikariConfig config = hikariConfig(file, "bench-hikari-wal");
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "5000");
            return hikari(config);
        }
    },
    /**
     * TinyCortex's design: one connection behind a lock (a ReentrantLock here), TRUNCATE rollback
     * journal, synchronous FULL, foreign keys on, busy timeout 5 s.
     */
    MUTEX {
        @Override
        Store open(Path file) throws SQLException {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA journal_mode = TRUNCATE");
                s.execute("PRAGMA synchronous = FULL");
            }
            ReentrantLock lock = new ReentrantLock();
            return new Store() {
                @Override
                public <T> T run(boolean readOnly, Work<T> work) throws SQLException {
                    lock.lock();
                    try {
                        return work.apply(connection);
                    } finally {
                        if (!connection.getAutoCommit()) {
                            connection.rollback();
                            connection.setAutoCommit(true);
                        }
                        lock.unlock();
                    }
                }

                @Override
                public void close() throws SQLException {
                    connection.close();
                }
            };
        }
    };

    abstract Store open(Path file) throws SQLException;

    private static HikariConfig hikariConfig(Path file, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setMaximumPoolSize(10);
        config.setPoolName(name);
        return config;
    }

    private static Store hikari(HikariConfig config) {
        HikariDataSource ds = new HikariDataSource(config);
        return new Store() {
            @Override
            public <T> T run(boolean readOnly, Work<T> work) throws SQLException {
                try (Connection c = ds.getConnection()) {
                    return work.apply(c);
                }
            }

            @Override
            public void close() {
                ds.close();
            }
        };
    }

    /** Work done on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** One opened store. */
    interface Store extends AutoCloseable {
        <T> T run(boolean readOnly, Work<T> work) throws SQLException;

        @Override
        void close() throws SQLException;
    }
}
