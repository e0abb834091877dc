package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import java.util.Map;

/**
 * What {@link CisternHealthIndicator} reports of one {@link CisternDataSource}, as Actuator's
 * status code and details; kept apart from the indicator, whose base class has one package in
 * Boot 3 and another in Boot 4.
 *
 * @param status {@code UP}, {@code DOWN}, or {@code UNKNOWN} before the data source has started
 * @param details what the pool, the SQLite breaker or the cluster's endpoints say
 */
record HealthReport(String status, Map<String, Object> details) {

    /**
     * @param ds a data source
     * @return its health, without running a query
     */
    static HealthReport of(CisternDataSource ds) {
        PoolView view = PoolView.of(ds);
        if (view == null) {
            return new HealthReport("UNKNOWN", Map.of("state", "not started: it starts at its first getConnection()"));
        }
        return new HealthReport(view.state().name(), view.details());
    }
}
