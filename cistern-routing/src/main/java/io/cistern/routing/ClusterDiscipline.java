package io.cistern.routing;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.discipline.ConnectionDiscipline;
import io.cistern.jdbc.discipline.DisciplineSettings;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The cluster discipline for {@code new CisternDataSource(props)} with a URL naming several hosts
 * ({@code jdbc:postgresql://primary,replica/db}): a {@link ClusterDataSource} with one endpoint
 * per host, roles found and rechecked, reads routed by {@code setReadOnly(true)} before the first
 * statement, a breaker per endpoint, and failover.
 *
 * <p>Each endpoint's pool gets the user's HikariCP settings (sizes, timeouts, driver properties,
 * metrics, classifier); the cluster then sets what it must per endpoint (URL, pool name
 * {@code <poolName>-<host>}, a connection timeout of {@code endpointTimeout}). The pool's
 * {@code connectionTimeout} is the cluster's overall wait (at most 1 h). Cluster keys:
 * {@code loadBalancing}, {@code healthCheckInterval}, {@code endpointTimeout} (ms) and
 * {@code roleQuery} ({@code none} turns role detection off).
 */
public final class ClusterDiscipline implements ConnectionDiscipline {
    private static final long MAX_WAIT_MS = Duration.ofHours(1).toMillis();

    /** For {@link java.util.ServiceLoader}. */
    public ClusterDiscipline() {
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public boolean claims(CisternConfig config) {
        String url = config.jdbcUrl();
        return url != null ? url.indexOf("//") >= 0 && !url.startsWith("jdbc:sqlite:") && MultiHostUrl.split(url).size() > 1
                : !endpointList(config).isEmpty();
    }

    /** @return {@code endpoints.<name>} settings, name to URL, sorted by name (properties have no order) */
    private static java.util.SortedMap<String, String> endpointList(CisternConfig config) {
        java.util.SortedMap<String, String> list = new java.util.TreeMap<>();
        config.disciplineSettings().asMap().forEach((k, v) -> {
            if (k.startsWith(CisternConfig.ENDPOINTS_PREFIX)) {
                list.put(k.substring(CisternConfig.ENDPOINTS_PREFIX.length()), v.trim());
            }
        });
        return list;
    }

    @Override
    public DataSource open(CisternConfig config) {
        return new ClusterDataSource(toClusterConfig(config));
    }

    /**
     * @param config the data source's settings
     * @return the cluster settings they mean
     * @throws IllegalArgumentException for a bad cluster value, named with what is allowed
     */
    static ClusterConfig toClusterConfig(CisternConfig config) {
        java.util.SortedMap<String, String> listed = endpointList(config);
        if (config.jdbcUrl() == null && listed.isEmpty()) {
            throw new IllegalArgumentException("discipline = cluster is not allowed without a jdbcUrl or endpoints.<name> list; "
                    + "allowed: a URL naming one or more hosts, jdbc:postgresql://h1,h2/db");
        }
        DisciplineSettings s = config.disciplineSettings();
        ClusterConfig.Builder b = ClusterConfig.builder().name(config.poolName());
        if (config.jdbcUrl() != null) {
            b.jdbcUrl(config.jdbcUrl());
        }
        listed.forEach(b::endpoint);
        b.loadBalancing(s.choice("loadBalancing", LoadBalancing.class, LoadBalancing.ROUND_ROBIN))
                .connectionTimeout(Duration.ofMillis(Math.min(config.connectionTimeout(), MAX_WAIT_MS)));
        if (s.has("healthCheckInterval")) {
            b.healthCheckInterval(Duration.ofMillis(s.millis("healthCheckInterval", 0)));
        }
        long endpointTimeout = s.millis("endpointTimeout", Math.min(1_000, config.connectionTimeout()));
        b.endpointTimeout(Duration.ofMillis(endpointTimeout));
        if (s.has("roleQuery")) {
            String q = s.text("roleQuery", null);
            if (q.trim().equalsIgnoreCase("none")) {
                b.noRoleDetection();
            } else {
                b.roleQuery(q);
            }
        }
        b.pool(p -> {
            p.poolSettingsOf(config).discipline(CisternConfig.PLAIN);
            // A validation must fit in the endpoint's wait; the cluster's default does this too.
            p.validationTimeout(Math.min(config.validationTimeout(), endpointTimeout));
        });
        return b.build();
    }

    @Override
    public String describe(DataSource dataSource) {
        ClusterDataSource cluster = (ClusterDataSource) dataSource;
        ClusterConfig c = cluster.config();
        return "cluster discipline (cistern-routing): endpoints " + c.endpointNames() + ", " + c.mode() + ", "
                + c.loadBalancing() + (c.roleQuery() != null ? ", roles by " + c.roleQuery() : ", no role detection");
    }
}
