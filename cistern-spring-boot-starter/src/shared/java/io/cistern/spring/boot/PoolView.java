package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import io.cistern.jdbc.monitor.PoolHealth;
import io.cistern.pool.PoolStats;
import io.cistern.routing.ClusterDataSource;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.EndpointHealth;
import io.cistern.routing.health.HealthStatus;
import io.cistern.sqlite.SqliteDataSource;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connections and health of a running {@link CisternDataSource}, whatever its discipline:
 * the plain pool, SQLite's writer and readers, or a cluster's endpoints. The SQLite and cluster
 * views load their modules' classes only when that discipline serves the data source, so both
 * modules stay optional.
 */
abstract class PoolView {
    /** Health, as Actuator's status codes: {@code UP}, {@code DOWN}. */
    enum State { UP, DOWN }

    abstract int active();

    abstract int idle();

    abstract int max();

    abstract int min();

    abstract State state();

    abstract Map<String, Object> details();

    /**
     * @param ds a data source
     * @return its view, or {@code null} before it has started
     */
    static PoolView of(CisternDataSource ds) {
        if (!ds.isRunning()) {
            return null;
        }
        switch (ds.discipline()) {
            case "sqlite":
                return Sqlite.of(ds);
            case "cluster":
                return Cluster.of(ds);
            default:
                return new Plain(ds);
        }
    }

    static Map<String, Object> stats(PoolStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", s.active());
        m.put("idle", s.idle());
        m.put("total", s.total());
        m.put("max", s.maxSize());
        m.put("waiting", s.waiting());
        m.put("timeouts", s.timeouts());
        m.put("creationFailures", s.creationFailures());
        return m;
    }

    private static final class Plain extends PoolView {
        private final CisternDataSource ds;
        private final PoolStats s;

        Plain(CisternDataSource ds) {
            this.ds = ds;
            this.s = ds.poolStats();
        }

        @Override int active() { return s.active(); }
        @Override int idle() { return s.idle(); }
        @Override int max() { return s.maxSize(); }
        @Override int min() { return s.minIdle(); }

        /** DOWN when closed or when the monitor says UNHEALTHY; see {@link io.cistern.jdbc.monitor.HealthRule}. */
        @Override
        State state() {
            return ds.isClosed() || health() == PoolHealth.UNHEALTHY ? State.DOWN : State.UP;
        }

        private PoolHealth health() {
            return ds.config().monitorInterval() > 0 ? ds.monitor().health() : null;
        }

        @Override
        Map<String, Object> details() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("discipline", "plain");
            PoolHealth health = health();
            if (health != null) {
                m.put("health", health.name());
                ds.monitor().transitions().stream().reduce((a, b) -> b)
                        .ifPresent(t -> m.put("lastChange", t.at() + " " + t.from() + " -> " + t.to() + " (" + t.reason() + ")"));
            }
            m.put("pool", stats(s));
            return m;
        }
    }

    private static final class Sqlite extends PoolView {
        private final SqliteDataSource db;
        private final PoolStats writer;
        private final PoolStats readers;

        private Sqlite(SqliteDataSource db) {
            this.db = db;
            this.writer = db.writerStats();
            this.readers = db.readerStats();
        }

        static PoolView of(CisternDataSource ds) {
            try {
                return new Sqlite(ds.unwrap(SqliteDataSource.class));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override int active() { return writer.active() + (readers != null ? readers.active() : 0); }
        @Override int idle() { return writer.idle() + (readers != null ? readers.idle() : 0); }
        @Override int max() { return writer.maxSize() + (readers != null ? readers.maxSize() : 0); }
        @Override int min() { return writer.minIdle() + (readers != null ? readers.minIdle() : 0); }

        @Override
        State state() {
            return db.isBreakerOpen() ? State.DOWN : State.UP;
        }

        @Override
        Map<String, Object> details() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("discipline", "sqlite");
            m.put("file", String.valueOf(db.file()));
            m.put("breaker", db.isBreakerOpen() ? "OPEN" : "CLOSED");
            m.put("consecutiveOpenFailures", db.consecutiveOpenFailures());
            m.put("writer", stats(writer));
            if (readers != null) {
                m.put("readers", stats(readers));
            }
            return m;
        }
    }

    private static final class Cluster extends PoolView {
        private final ClusterHealth health;
        private final int perEndpoint;

        private Cluster(ClusterHealth health, int perEndpoint) {
            this.health = health;
            this.perEndpoint = perEndpoint;
        }

        static PoolView of(CisternDataSource ds) {
            try {
                return new Cluster(ds.unwrap(ClusterDataSource.class).health(), ds.config().maximumPoolSize());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override int active() { return health.endpoints().stream().mapToInt(EndpointHealth::poolActive).sum(); }
        @Override int idle() { return health.endpoints().stream().mapToInt(EndpointHealth::poolIdle).sum(); }
        @Override int max() { return perEndpoint * health.endpoints().size(); }
        @Override int min() { return 0; }

        @Override
        State state() {
            return health.status() == HealthStatus.UNHEALTHY ? State.DOWN : State.UP;
        }

        @Override
        Map<String, Object> details() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("discipline", "cluster");
            m.put("status", health.status().name());
            m.put("writeEndpoint", health.writeEndpoint());
            Map<String, Object> endpoints = new LinkedHashMap<>();
            for (EndpointHealth e : health.endpoints()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("url", e.url());
                one.put("role", e.role().name());
                one.put("up", e.up());
                one.put("breaker", e.breaker().state().name());
                one.put("active", e.poolActive());
                one.put("idle", e.poolIdle());
                one.put("waiting", e.poolWaiting());
                one.put("readsServed", e.readsServed());
                one.put("writesServed", e.writesServed());
                if (e.lastError() != null) {
                    one.put("lastError", e.lastError());
                }
                endpoints.put(e.name(), one);
            }
            m.put("endpoints", endpoints);
            return m;
        }
    }
}
