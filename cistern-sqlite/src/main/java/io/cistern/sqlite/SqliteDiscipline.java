package io.cistern.sqlite;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.discipline.ConnectionDiscipline;
import io.cistern.jdbc.discipline.DisciplineSettings;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The SQLite discipline for {@code new CisternDataSource(props)} with a {@code jdbc:sqlite:} URL:
 * the data source is {@link SqliteDatabases#open(SqliteConfig)}'s, so it shares the per-path
 * registry (one writer per file, migrations once, breaker, recovery) with every other user of
 * the file in the process.
 *
 * <p>From HikariCP's keys: {@code maximumPoolSize} sizes the readers (up to 64; a read-only
 * connection is served by one, every other connection by the one writer, queued fairly) unless
 * {@code sqlite.readers} is set, {@code connectionTimeout} bounds the wait for the writer or
 * a reader, and {@code metricRegistry} gets the writer's and readers' meters. The other pool settings have no meaning for an embedded file and are not used. The
 * {@code sqlite.*} keys set {@link SqliteConfig.Builder}'s settings of the same names.
 */
public final class SqliteDiscipline implements ConnectionDiscipline {
    private static final int MAX_READERS = 64;

    /** For {@link java.util.ServiceLoader}. */
    public SqliteDiscipline() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean claims(CisternConfig config) {
        return config.jdbcUrl() != null && config.jdbcUrl().startsWith("jdbc:sqlite:");
    }

    @Override
    public DataSource open(CisternConfig config) throws SQLException {
        return SqliteDatabases.open(toSqliteConfig(config));
    }

    /**
     * @param config the data source's settings
     * @return the SQLite settings they mean
     * @throws IllegalArgumentException for a bad {@code sqlite.*} value, or a URL this discipline cannot serve
     */
    static SqliteConfig toSqliteConfig(CisternConfig config) {
        if (config.jdbcUrl() == null) {
            throw new IllegalArgumentException("discipline = sqlite is not allowed without a jdbcUrl; allowed: a jdbc:sqlite: URL");
        }
        DisciplineSettings s = config.disciplineSettings();
        SqliteConfig.Builder b = SqliteConfig.builder(config.jdbcUrl());
        b.readers(s.integer("sqlite.readers", Math.min(config.maximumPoolSize(), MAX_READERS)));
        b.connectionTimeout(Duration.ofMillis(config.connectionTimeout()));
        b.journalMode(s.choice("sqlite.journalMode", SqliteConfig.JournalMode.class, SqliteConfig.JournalMode.WAL));
        if (s.has("sqlite.synchronous")) {
            b.synchronous(s.choice("sqlite.synchronous", SqliteConfig.Synchronous.class, null));
        }
        if (s.has("sqlite.busyTimeout")) {
            b.busyTimeout(Duration.ofMillis(s.millis("sqlite.busyTimeout", 0)));
        }
        b.foreignKeys(s.bool("sqlite.foreignKeys", true));
        if (s.has("sqlite.walAutocheckpoint")) {
            b.walAutocheckpoint(s.integer("sqlite.walAutocheckpoint", 0));
        }
        if (s.has("sqlite.mmapSize")) {
            b.mmapSize(s.integer("sqlite.mmapSize", 0));
        }
        b.quarantineCorrupt(s.bool("sqlite.quarantineCorrupt", false));
        b.metricRegistry(config.metricRegistry());
        if (s.has("sqlite.breakerFailures") || s.has("sqlite.breakerCooldown")) {
            b.circuitBreaker(s.integer("sqlite.breakerFailures", 3), Duration.ofMillis(s.millis("sqlite.breakerCooldown", 30_000)));
        }
        return b.build();
    }

    @Override
    public String describe(DataSource dataSource) {
        SqliteDataSource db = (SqliteDataSource) dataSource;
        return "SQLite discipline (cistern-sqlite): " + (db.isSingleConnection() ? "one connection for reads and writes"
                : "one writer and " + db.config().readers() + " read-only readers") + ", shared with SqliteDatabases";
    }
}
