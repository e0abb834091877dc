package io.cistern.spring.boot;

import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The beans of {@link CisternDataSourceAutoConfiguration} that read no Boot class whose package
 * changed between Boot 3 and 4: each starter's auto-configuration extends this. Not a
 * {@code @Configuration} itself, so component scanning never picks it up apart from it.
 */
abstract class CisternDataSourceBeans {

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
