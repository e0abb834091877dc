package io.cistern.app;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns a failure to open the store into one line: the endpoint (host and database, never the
 * credentials in a URL), the database's own reason, and the fix when it is known.
 */
final class ConnectionFailures {
    private ConnectionFailures() {
    }

    /**
     * @param jdbcUrl the URL given, or {@code null} for the SQLite file in the data directory
     * @param where the SQLite file's directory
     * @param failure what opening the store threw
     * @return the one-line failure
     */
    static CommandFailure describe(String jdbcUrl, String where, Throwable failure) {
        Throwable root = rootCause(failure);
        String reason = firstLine(root.getMessage() != null ? root.getMessage() : root.toString());
        String fix = fix(root, reason);
        if (fix != null && reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        String endpoint = jdbcUrl != null ? endpoint(jdbcUrl) : "the SQLite store in " + where;
        return new CommandFailure("cannot connect to " + endpoint + ": " + reason + (fix != null ? "; " + fix : ""), failure);
    }

    /** {@code jdbc:postgresql://u:secret@h1:5432,h2/db?password=x} is shown as {@code postgresql://h1:5432,h2/db}. */
    static String endpoint(String jdbcUrl) {
        String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
        int q = url.indexOf('?');
        if (q >= 0) {
            url = url.substring(0, q);
        }
        int slashes = url.indexOf("//");
        int at = url.indexOf('@', slashes + 2);
        if (slashes >= 0 && at > slashes) {
            int hostEnd = url.indexOf('/', slashes + 2);
            if (hostEnd < 0 || at < hostEnd) {
                url = url.substring(0, slashes + 2) + url.substring(at + 1);
            }
        }
        return url;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable deepestSql = null;
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 20; depth++) {
            if (cur instanceof SQLException) {
                deepestSql = cur;
            }
            if (cur.getCause() == null || cur.getCause() == cur) {
                break;
            }
            cur = cur.getCause();
        }
        // The driver's SQLException says it best; an I/O cause under it only repeats it shorter.
        return deepestSql != null ? deepestSql : cur;
    }

    private static String fix(Throwable root, String reason) {
        String lower = reason.toLowerCase(Locale.ROOT);
        String state = root instanceof SQLException ? ((SQLException) root).getSQLState() : null;
        if (lower.contains("no password was provided") || lower.contains("password is required")) {
            return "give the password with --password (it prompts) or the CISTERN_PASSWORD environment variable";
        }
        if ("28P01".equals(state) || lower.contains("password authentication failed")) {
            return "check --user, and the password given with --password or CISTERN_PASSWORD";
        }
        if ("3D000".equals(state)) {
            return "create the database, or name an existing one in --jdbc-url";
        }
        if (hasCause(root, UnknownHostException.class)) {
            return "check the host name in --jdbc-url";
        }
        if (lower.contains("accepting tcp/ip connections")) {
            return null; // pgjdbc's message says it already
        }
        if (hasCause(root, ConnectException.class) || lower.contains("connection refused")) {
            return "is the server running and accepting TCP connections on that host and port?";
        }
        return null;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
            if (type.isInstance(cur)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl >= 0 ? text.substring(0, nl) : text).trim();
    }
}
