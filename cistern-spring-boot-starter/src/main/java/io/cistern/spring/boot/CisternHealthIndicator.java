package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator health of one {@link CisternDataSource}, without running a query: the plain pool is
 * DOWN when closed or when its monitor says UNHEALTHY, UP otherwise; SQLite is DOWN while the file's breaker refuses opens, with the writer's and
 * readers' figures; a cluster is DOWN when UNHEALTHY (no endpoint can take writes and none can
 * read), UP otherwise, with every endpoint's role, breaker and pool in the details. A data
 * source that has not started yet is UNKNOWN. The report itself is {@link HealthReport}'s.
 */
final class CisternHealthIndicator extends AbstractHealthIndicator {
    private final CisternDataSource ds;

    CisternHealthIndicator(CisternDataSource ds) {
        super("Cistern health check failed");
        this.ds = ds;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthReport report = HealthReport.of(ds);
        builder.status(report.status()).withDetails(report.details());
    }
}
