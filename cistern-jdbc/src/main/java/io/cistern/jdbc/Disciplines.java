package io.cistern.jdbc;

import io.cistern.jdbc.discipline.ConnectionDiscipline;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link ConnectionDiscipline} for a configuration among those on the class path.
 *
 * <p>A {@code jdbc:sqlite:} URL without cistern-sqlite, or a multi-host URL without
 * cistern-routing, still gets the plain pool (the driver works, and some callers want exactly
 * that), with a warning saying what it costs and which module to add: failing would break a
 * working HikariCP setup moved over unchanged, and silence is how the 28 lost writes went
 * unnoticed.
 */
final class Disciplines {
    private static final Logger log = LoggerFactory.getLogger(Disciplines.class);

    private Disciplines() {
    }

    /**
     * @param config the settings
     * @return the discipline to serve them, or {@code null} for the plain pool
     * @throws IllegalArgumentException if a discipline was asked for by a name none on the class path has
     */
    static ConnectionDiscipline choose(CisternConfig config) {
        String wanted = config.discipline();
        if (CisternConfig.PLAIN.equals(wanted)) {
            warnUnused(config);
            return null;
        }
        List<ConnectionDiscipline> found = available();
        if (!CisternConfig.AUTO.equals(wanted)) {
            for (ConnectionDiscipline d : found) {
                if (d.name().equals(wanted)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("discipline = " + wanted + " is not allowed: no such discipline on the class path"
                    + " (cistern-sqlite provides sqlite, cistern-routing cluster); allowed: " + CisternConfig.AUTO + ", "
                    + CisternConfig.PLAIN + found.stream().map(d -> ", " + d.name()).collect(Collectors.joining()));
        }
        for (ConnectionDiscipline d : found) {
            if (d.claims(config)) {
                return d;
            }
        }
        String url = config.jdbcUrl();
        if (url == null) {
            if (config.disciplineSettings().asMap().keySet().stream().anyMatch(k -> k.startsWith(CisternConfig.ENDPOINTS_PREFIX))) {
                throw new IllegalArgumentException("endpoints.* is not allowed without cistern-routing on the class path, "
                        + "which serves an endpoint list; allowed: a jdbcUrl, or add io.cistern:cistern-routing");
            }
            return null;
        }
        if (url.startsWith("jdbc:sqlite:")) {
            log.warn("Pool '{}': a jdbc:sqlite: URL with cistern-sqlite absent from the class path gets a plain pool of SQLite"
                    + " connections, whose concurrent writers meet SQLITE_BUSY and lose writes; add io.cistern:cistern-sqlite for"
                    + " one writer and read-only readers, or set discipline=plain to keep the plain pool and silence this",
                    config.poolName());
        } else if (isMultiHost(url)) {
            log.warn("Pool '{}': a URL with several hosts and cistern-routing absent from the class path gets a plain pool;"
                    + " the driver picks the host, and setReadOnly(true) never reaches a replica; add io.cistern:cistern-routing"
                    + " for read routing and failover, or set discipline=plain to silence this", config.poolName());
        }
        warnUnused(config);
        return null;
    }

    static boolean isMultiHost(String url) {
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return false;
        }
        int end = slashes + 2;
        while (end < url.length() && "/?;".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(slashes + 2, end).indexOf(',') >= 0;
    }

    /** The plain pool was chosen: say so if discipline settings were given, which then apply to nothing. */
    private static void warnUnused(CisternConfig config) {
        if (!config.disciplineSettings().asMap().isEmpty()) {
            log.warn("Pool '{}' is a plain pool; these discipline settings apply to none and are ignored: {}",
                    config.poolName(), config.disciplineSettings().asMap().keySet());
        }
    }

    private static List<ConnectionDiscipline> available() {
        List<ConnectionDiscipline> found = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        load(found, ServiceLoader.load(ConnectionDiscipline.class, Disciplines.class.getClassLoader()));
        if (context != null && context != Disciplines.class.getClassLoader()) {
            load(found, ServiceLoader.load(ConnectionDiscipline.class, context));
        }
        return found;
    }

    private static void load(List<ConnectionDiscipline> found, ServiceLoader<ConnectionDiscipline> loader) {
        try {
            for (ConnectionDiscipline d : loader) {
                if (found.stream().noneMatch(f -> f.getClass() == d.getClass())) {
                    found.add(d);
                }
            }
        } catch (ServiceConfigurationError e) {
            log.warn("A connection discipline could not be loaded and is skipped: {}", e.toString());
        }
    }
}
