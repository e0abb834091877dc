package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator health of one {@link CisternDataSource}, without running a query: the plain pool is
 * DOWN when closed or when its monitor says UNHEALTHY, UP otherwise; SQLite is DOWN while the file's breaker refuses opens, with the writer's and
 * readers' figures; a cluster is DOWN when UNHEALTHY (no endpoint can take writes and none can
 * read), UP otherwise, with every endpoint's role, breaker and pool in the details. A data
 * source that has not started yet is UNKNOWN.
 */
final class CisternHealthIndicator extends AbstractHealthIndicator {
    private final CisternDataSource ds;

    CisternHealthIndicator(CisternDataSource ds) {
        super("Cistern health check failed");
        this.ds = ds;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PoolView view = PoolView.of(ds);
        if (view == null) {
            builder.unknown().withDetail("state", "not started: it starts at its first getConnection()");
            return;
        }
        if (view.state() == PoolView.State.UP) {
            builder.up();
        } else {
            builder.down();
        }
        for (Map.Entry<String, Object> e : view.details().entrySet()) {
            builder.withDetail(e.getKey(), e.getValue());
        }
    }
}
