package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Makes a {@link CisternDataSource} the application's data source when there is none yet and
 * {@code spring.datasource.type} is unset or names it; runs before Boot's
 * {@link DataSourceAutoConfiguration}, so HikariCP is not used even when it is on the class path.
 *
 * <p>The data source is made as Boot makes HikariCP's: from {@code spring.datasource.url},
 * {@code username}, {@code password} and {@code driver-class-name}, then
 * {@code spring.datasource.cistern.*} (by {@link CisternPropertiesBinder}, which also binds a
 * data source made by Boot for {@code spring.datasource.type=io.cistern.jdbc.CisternDataSource}).
 * It starts at its first {@code getConnection()}; the URL decides its discipline.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({DataSource.class, CisternDataSource.class, DataSourceProperties.class})
@EnableConfigurationProperties(DataSourceProperties.class)
public class CisternDataSourceAutoConfiguration {

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
        CisternDataSource ds = new CisternDataSource();
        ds.setJdbcUrl(properties.determineUrl());
        String username = properties.determineUsername();
        if (StringUtils.hasText(username)) {
            ds.setUsername(username);
        }
        String password = properties.determinePassword();
        if (password != null) {
            ds.setPassword(password);
        }
        if (StringUtils.hasText(properties.getDriverClassName())) {
            ds.setDriverClassName(properties.getDriverClassName());
        }
        if (StringUtils.hasText(properties.getName())) {
            ds.setPoolName(properties.getName());
        }
        return ds;
    }

    /**
     * @param environment where {@code spring.datasource.cistern.*} is read
     * @return the binder of every CisternDataSource bean not started yet
     */
    @Bean
    public static CisternPropertiesBinder cisternPropertiesBinder(Environment environment) {
        return new CisternPropertiesBinder(environment);
    }

    /** @return pool metadata of CisternDataSource beans, for Boot's {@code jdbc.connections.*} metrics */
    @Bean
    public DataSourcePoolMetadataProvider cisternPoolMetadataProvider() {
        return CisternPoolMetadata::of;
    }
}
