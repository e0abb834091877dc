package io.cistern.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The opt-in reset of session state set through SQL ({@code sessionResetSql}). A connection is
 * marked when it runs a statement that leaves state in the session for the next borrower; only a
 * marked connection pays for the reset when it returns, and the pool's own session setup
 * ({@code connectionInitSql}) runs again after it.
 */
final class SessionReset {
    /**
     * Statements that leave session state: {@code SET} (not {@code SET LOCAL} or
     * {@code SET TRANSACTION}, which end with the transaction), {@code set_config},
     * {@code CREATE TEMP TABLE}, {@code WITH HOLD} cursors, {@code PREPARE}, {@code LISTEN} and
     * session advisory locks. {@code SET} and the others that are commands only count at the
     * start of a statement, so that {@code UPDATE t SET ...} does not.
     */
    private static final Pattern SESSION_STATE = Pattern.compile(
            "(?is)(?:^|;)\\s*(?:set\\s+(?!local\\b|transaction\\b|constraints\\b)|prepare\\s|listen\\s"
                    + "|create\\s+(?:(?:global|local)\\s+)?temp(?:orary)?\\b)"
                    + "|\\bset_config\\s*\\(|\\bwith\\s+hold\\b|\\bpg_advisory_lock(?:_shared)?\\s*\\(");

    private final String resetSql;
    private final String initSql;

    SessionReset(String resetSql, String initSql) {
        this.resetSql = resetSql;
        this.initSql = initSql;
    }

    /** @return whether {@code sql} leaves state in the session */
    static boolean leavesState(String sql) {
        return sql != null && SESSION_STATE.matcher(sql).find();
    }

    /**
     * Runs the reset, outside any transaction (PostgreSQL refuses {@code DISCARD ALL} inside one),
     * then the pool's init SQL.
     */
    void run(Connection raw, boolean autoCommit) throws SQLException {
        if (!autoCommit) {
            raw.setAutoCommit(true);
        }
        try (Statement s = raw.createStatement()) {
            s.execute(resetSql);
            if (initSql != null) {
                s.execute(initSql);
            }
        }
        if (!autoCommit) {
            raw.setAutoCommit(false);
        }
    }
}
