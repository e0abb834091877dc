package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;

/**
 * Makes a {@link CisternDataSource} the application's data source when there is none yet and
 * {@code spring.datasource.type} is unset or names it; runs before Boot's
 * {@link DataSourceAutoConfiguration}, so HikariCP is not used even when it is on the class path.
 *
 * <p>The data source is made as Boot makes HikariCP's: from {@code spring.datasource.url},
 * {@code username}, {@code password} and {@code driver-class-name}, then
 * {@code spring.datasource.cistern.*} (by {@link CisternPropertiesBinder}, which also binds a
 * data source made by Boot for {@code spring.datasource.type=io.cistern.jdbc.CisternDataSource}).
 * It starts at its first {@code getConnection()}; the URL decides its discipline. The binder and
 * the pool metadata provider are {@link CisternDataSourceBeans}'s.
 *
 * <p>The Boot 4 twin of cistern-spring-boot-starter's class of this name, which differs only in
 * its imports: Boot 4 keeps {@code DataSourceAutoConfiguration} and {@code DataSourceProperties} in
 * {@code org.springframework.boot.jdbc.autoconfigure}.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({DataSource.class, CisternDataSource.class, DataSourceProperties.class})
@EnableConfigurationProperties(DataSourceProperties.class)
public class CisternDataSourceAutoConfiguration extends CisternDataSourceBeans {

    /** For Spring. */
    public CisternDataSourceAutoConfiguration() {
    }

    /**
     * @param properties Boot's {@code spring.datasource.*}
     * @return the data source, not started yet
     */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    @ConditionalOnProperty(name = "spring.datasource.type", havingValue = "io.cistern.jdbc.CisternDataSource", matchIfMissing = true)
    public CisternDataSource dataSource(DataSourceProperties properties) {
        return new SpringDatasource(properties.determineUrl(), properties.determineUsername(), properties.determinePassword(),
                properties.getDriverClassName(), properties.getName()).toCisternDataSource();
    }
}
