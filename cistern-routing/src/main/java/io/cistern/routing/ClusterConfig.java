package io.cistern.routing;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.Secrets;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.pool.config.NotAllowed;
import io.cistern.routing.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Immutable settings of a {@link ClusterDataSource}: its endpoints, how requests choose among
 * them, and how failures are handled. Every value is checked by {@link Builder#build()}, which
 * names the setting, the value and what is allowed.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder()
 *         .jdbcUrl("jdbc:postgresql://db1:5432,db2:5432,db3:5432/memory")
 *         .username("agent").password(secret)
 *         .loadBalancing(LoadBalancing.ROUND_ROBIN)
 *         .pool(p -> p.maximumPoolSize(16))
 *         .build();
 * }</pre>
 */
public final class ClusterConfig {
    /** The role query used for PostgreSQL endpoints unless another one is set. */
    public static final String POSTGRESQL_ROLE_QUERY = "select pg_is_in_recovery()";
    static final int MAX_ENDPOINTS = 64;
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private final String name;
    private final List<EndpointSpec> endpoints;
    private final Mode mode;
    private final LoadBalancing loadBalancing;
    private final CircuitBreakerConfig circuitBreaker;
    private final RetryPolicy retryPolicy;
    private final Duration healthCheckInterval;
    private final Duration endpointTimeout;
    private final Duration connectionTimeout;
    private final String roleQuery;
    private final String username;
    private final String password;
    private final Consumer<CisternConfig.Builder> pool;

    private ClusterConfig(Builder b, List<EndpointSpec> endpoints, Mode mode, String roleQuery) {
        this.name = b.name != null ? b.name : "cluster-" + UNNAMED.incrementAndGet();
        this.endpoints = List.copyOf(endpoints);
        this.mode = mode;
        this.loadBalancing = b.loadBalancing;
        this.circuitBreaker = b.circuitBreaker;
        this.retryPolicy = b.retryPolicy;
        this.healthCheckInterval = b.healthCheckInterval;
        this.endpointTimeout = b.endpointTimeout;
        this.connectionTimeout = b.connectionTimeout;
        this.roleQuery = roleQuery;
        this.username = b.username;
        this.password = b.password;
        this.pool = b.pool;
    }

    /** @return a builder with the defaults listed on its setters */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the cluster's name, prefix of its endpoint pools' names */
    public String name() { return name; }
    /** @return the endpoint names, in configuration order */
    public List<String> endpointNames() { return endpoints.stream().map(EndpointSpec::name).toList(); }
    List<EndpointSpec> endpoints() { return endpoints; }
    /** @return the mode, as set or inferred */
    public Mode mode() { return mode; }
    /** @return how requests choose among equal endpoints */
    public LoadBalancing loadBalancing() { return loadBalancing; }
    /** @return each endpoint's circuit breaker settings */
    public CircuitBreakerConfig circuitBreaker() { return circuitBreaker; }
    /** @return the policy of {@code execute} and {@code executeReadOnly} */
    public RetryPolicy retryPolicy() { return retryPolicy; }
    /** @return the pause between two health checks of an endpoint */
    public Duration healthCheckInterval() { return healthCheckInterval; }
    /** @return how long a request waits on one endpoint before trying another */
    public Duration endpointTimeout() { return endpointTimeout; }
    /** @return the longest a request waits for a connection in all */
    public Duration connectionTimeout() { return connectionTimeout; }
    /** @return the role query, or {@code null} when roles are not detected */
    public String roleQuery() { return roleQuery; }
    /** @return the database user, or {@code null} to leave it to the pool settings */
    public String username() { return username; }
    String password() { return password; }
    Consumer<CisternConfig.Builder> pool() { return pool; }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (EndpointSpec e : endpoints) {
            shown.add(e.name() + (e.local() ? " (local)" : "") + "=" + Secrets.maskUrl(e.jdbcUrl()));
        }
        return "ClusterConfig{name=" + name + ", mode=" + mode + ", endpoints=" + shown + ", loadBalancing=" + loadBalancing
                + ", roleQuery=" + roleQuery + ", healthCheckInterval=" + healthCheckInterval
                + ", endpointTimeout=" + endpointTimeout + ", connectionTimeout=" + connectionTimeout
                + ", circuitBreaker=" + circuitBreaker + ", retryPolicy=" + retryPolicy
                + ", username=" + username + ", password=" + (password == null ? null : "<masked>") + '}';
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private static final String AUTO = "\0auto";

        private String name;
        private final List<EndpointSpec> endpoints = new ArrayList<>();
        private Mode mode;
        private LoadBalancing loadBalancing = LoadBalancing.ROUND_ROBIN;
        private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults().toBuilder().retryReadOnlyServerFailures(true).build();
        private Duration healthCheckInterval = Duration.ofSeconds(2);
        private Duration endpointTimeout = Duration.ofSeconds(1);
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private String roleQuery = AUTO;
        private String username;
        private String password;
        private Consumer<CisternConfig.Builder> pool = p -> { };

        private Builder() {
        }

        /** @param name names the cluster in logs and its endpoint pools; default {@code cluster-N} */
        public Builder name(String name) { this.name = name; return this; }

        /**
         * Adds one endpoint per host of a (multi-host) JDBC URL, each named {@code host:port}.
         * pgjdbc's {@code targetServerType}, {@code loadBalanceHosts} and
         * {@code hostRecheckSeconds} are dropped: the cluster chooses hosts itself.
         *
         * @param url for example {@code jdbc:postgresql://h1:5432,h2:5432/db}
         */
        public Builder jdbcUrl(String url) {
            endpoints.addAll(MultiHostUrl.split(url));
            return this;
        }

        /**
         * @param name the endpoint's name
         * @param jdbcUrl its single-host JDBC URL
         */
        public Builder endpoint(String name, String jdbcUrl) {
            endpoints.add(new EndpointSpec(name, jdbcUrl, false));
            return this;
        }

        /**
         * Adds the preferred endpoint of a {@link Mode#HYBRID} cluster.
         *
         * @param name the endpoint's name
         * @param jdbcUrl its single-host JDBC URL
         */
        public Builder localEndpoint(String name, String jdbcUrl) {
            endpoints.add(new EndpointSpec(name, jdbcUrl, true));
            return this;
        }

        /** @param mode the mode; default inferred: HYBRID with a local endpoint, LOCAL with one endpoint, else REMOTE */
        public Builder mode(Mode mode) { this.mode = mode; return this; }
        /** @param balancing how requests choose among equal endpoints; default ROUND_ROBIN */
        public Builder loadBalancing(LoadBalancing balancing) { this.loadBalancing = balancing; return this; }
        /** @param breaker each endpoint's circuit breaker; default {@link CircuitBreakerConfig#defaults()} */
        public Builder circuitBreaker(CircuitBreakerConfig breaker) { this.circuitBreaker = breaker; return this; }
        /** @param policy the policy of {@code execute}; default 3 attempts from 100 ms, retrying writes that hit a demoted primary */
        public Builder retryPolicy(RetryPolicy policy) { this.retryPolicy = policy; return this; }
        /** @param interval pause between two health checks of an endpoint, 50 ms to 10 min; default 2 s */
        public Builder healthCheckInterval(Duration interval) { this.healthCheckInterval = interval; return this; }
        /**
         * @param timeout how long a request waits on one endpoint's pool (and a health check on
         *     one endpoint) before counting it as failing and trying the next, 250 ms to
         *     connectionTimeout; default 1 s. This, not connectionTimeout, bounds what a dead
         *     endpoint costs a caller whose breaker has not opened yet.
         */
        public Builder endpointTimeout(Duration timeout) { this.endpointTimeout = timeout; return this; }
        /** @param timeout the longest a request waits for a connection in all, 250 ms to 1 h; default 30 s */
        public Builder connectionTimeout(Duration timeout) { this.connectionTimeout = timeout; return this; }
        /**
         * @param sql a query returning one boolean, true when the endpoint is a read-only replica;
         *     default {@value #POSTGRESQL_ROLE_QUERY} for {@code jdbc:postgresql:} URLs, none otherwise
         */
        public Builder roleQuery(String sql) { this.roleQuery = sql; return this; }
        /** Turns role detection off: every endpoint serves reads and writes ({@link io.cistern.routing.health.Role#ANY}). */
        public Builder noRoleDetection() { this.roleQuery = null; return this; }
        /** @param username the database user of every endpoint */
        public Builder username(String username) { this.username = username; return this; }
        /** @param password the database password of every endpoint; never logged or shown */
        public Builder password(String password) { this.password = password; return this; }
        /**
         * @param settings applied to each endpoint's pool configuration (sizes, timeouts, driver
         *     properties, exception classifier); the cluster then sets the URL, credentials, pool
         *     name, {@code connectionTimeout} (= endpointTimeout) and
         *     {@code initializationFailTimeout} (a down endpoint must not stop the start) itself.
         *     Called twice per endpoint (once to read the exception classifier to wrap), so it
         *     should only set values.
         */
        public Builder pool(Consumer<CisternConfig.Builder> settings) { this.pool = settings; return this; }

        /**
         * @return the checked settings
         * @throws IllegalArgumentException naming the bad setting, its value and what is allowed
         */
        public ClusterConfig build() {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("No endpoint given: set jdbcUrl(...) or add endpoint(...) entries");
            }
            if (endpoints.size() > MAX_ENDPOINTS) {
                throw NotAllowed.setting("endpoints", endpoints.size() + " endpoints", "1 to " + MAX_ENDPOINTS);
            }
            Set<String> names = new HashSet<>();
            int locals = 0;
            for (EndpointSpec e : endpoints) {
                if (e.name() == null || e.name().isBlank()) {
                    throw NotAllowed.setting("endpoint name", "\"" + e.name() + "\"", "a non-blank name");
                }
                if (!names.add(e.name())) {
                    throw NotAllowed.setting("endpoint name", "\"" + e.name() + "\"", "a name not used by another endpoint");
                }
                if (e.jdbcUrl() == null || !e.jdbcUrl().startsWith("jdbc:")) {
                    throw NotAllowed.setting("jdbcUrl of endpoint " + e.name(), Secrets.maskUrl(e.jdbcUrl()), "a URL starting with jdbc:");
                }
                if (e.jdbcUrl().indexOf("//") >= 0 && MultiHostUrl.split(e.jdbcUrl()).size() > 1) {
                    throw NotAllowed.setting("jdbcUrl of endpoint " + e.name(), Secrets.maskUrl(e.jdbcUrl()),
                            "a single-host URL (give a multi-host URL to jdbcUrl(...) instead)");
                }
                locals += e.local() ? 1 : 0;
            }
            Mode m = mode != null ? mode : locals > 0 ? Mode.HYBRID : endpoints.size() == 1 ? Mode.LOCAL : Mode.REMOTE;
            if (m == Mode.LOCAL && endpoints.size() != 1) {
                throw NotAllowed.setting("mode", m, "LOCAL only with exactly one endpoint (" + endpoints.size() + " given); use REMOTE or HYBRID");
            }
            if (m == Mode.HYBRID && (locals != 1 || endpoints.size() < 2)) {
                throw NotAllowed.setting("mode", m, "HYBRID only with exactly one localEndpoint(...) and at least one other endpoint ("
                        + locals + " local of " + endpoints.size() + " given)");
            }
            if (m != Mode.HYBRID && locals > 0) {
                throw NotAllowed.setting("mode", m, "HYBRID when a localEndpoint(...) is given");
            }
            Objects.requireNonNull(loadBalancing, "loadBalancing");
            Objects.requireNonNull(circuitBreaker, "circuitBreaker");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            Objects.requireNonNull(pool, "pool");
            within("healthCheckInterval", healthCheckInterval, Duration.ofMillis(50), Duration.ofMinutes(10));
            within("connectionTimeout", connectionTimeout, Duration.ofMillis(250), Duration.ofHours(1));
            within("endpointTimeout", endpointTimeout, Duration.ofMillis(250), connectionTimeout);
            if (name != null && (name.isBlank() || name.matches(".*[,=:\"*?\\n].*"))) {
                throw NotAllowed.setting("name", "\"" + name + "\"", "a non-blank name without , = : \" * ? or line breaks (it prefixes pool names)");
            }
            String query = roleQuery;
            if (AUTO.equals(query)) {
                boolean allPostgres = endpoints.stream().allMatch(e -> e.jdbcUrl().startsWith("jdbc:postgresql:"));
                query = allPostgres ? POSTGRESQL_ROLE_QUERY : null;
            } else if (query != null && query.isBlank()) {
                throw NotAllowed.setting("roleQuery", "\"" + query + "\"", "a query returning one boolean, or noRoleDetection()");
            }
            return new ClusterConfig(this, endpoints, m, query);
        }

        private static void within(String name, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw NotAllowed.setting(name, value == null ? null : value.toMillis() + " ms", min.toMillis() + " ms to " + max.toMillis() + " ms");
            }
        }
    }
}
