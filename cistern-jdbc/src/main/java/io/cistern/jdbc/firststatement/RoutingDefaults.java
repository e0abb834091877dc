package io.cistern.jdbc.firststatement;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The auto-commit, isolation and holdability a routed connection starts with, learnt from the
 * first connection the router hands out, so later routing connections can answer the getters
 * without choosing a database too early.
 */
final class RoutingDefaults {
    private volatile boolean known;
    private volatile boolean autoCommit;
    private volatile int isolation;
    private volatile int holdability;

    boolean known() {
        return known;
    }

    boolean autoCommit() {
        return autoCommit;
    }

    int isolation() {
        return isolation;
    }

    int holdability() {
        return holdability;
    }

    void learnFrom(Connection fresh) throws SQLException {
        if (!known) {
            autoCommit = fresh.getAutoCommit();
            isolation = fresh.getTransactionIsolation();
            holdability = fresh.getHoldability();
            known = true;
        }
    }
}
