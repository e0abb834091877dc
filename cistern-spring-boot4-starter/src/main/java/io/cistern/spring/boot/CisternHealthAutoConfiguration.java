package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code cistern} Actuator health contributor: one {@link CisternHealthIndicator} per
 * {@link CisternDataSource} bean (named after the bean when there are several). It sits beside
 * Boot's {@code db} indicator, which runs a query; this one reports what the pool, the cluster
 * and the SQLite breaker know.
 *
 * <p>The Boot 4 twin of cistern-spring-boot-starter's class of this name, which differs only in
 * its imports: Boot 4 keeps the health contributors in {@code org.springframework.boot.health.contributor}.
 */
@AutoConfiguration(after = CisternDataSourceAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, CisternDataSource.class})
@ConditionalOnBean(CisternDataSource.class)
public class CisternHealthAutoConfiguration {

    /** For Spring. */
    public CisternHealthAutoConfiguration() {
    }

    /**
     * @param dataSources every CisternDataSource bean, by name
     * @return the contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = "cisternHealthContributor")
    public HealthContributor cisternHealthContributor(Map<String, CisternDataSource> dataSources) {
        if (dataSources.size() == 1) {
            return new CisternHealthIndicator(dataSources.values().iterator().next());
        }
        Map<String, HealthContributor> each = new LinkedHashMap<>();
        dataSources.forEach((name, ds) -> each.put(name, new CisternHealthIndicator(ds)));
        return CompositeHealthContributor.fromMap(each);
    }
}
