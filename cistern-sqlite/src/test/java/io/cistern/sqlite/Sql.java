package io.cistern.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Small JDBC helpers for the tests. */
final class Sql {
    private Sql() {
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            exec(c, sql);
        }
    }

    static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    static long number(Connection c, String sql) throws SQLException {
        return Long.parseLong(string(c, sql));
    }

    static long number(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return number(c, sql);
        }
    }
}
