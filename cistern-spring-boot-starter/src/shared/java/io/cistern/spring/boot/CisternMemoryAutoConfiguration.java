package io.cistern.spring.boot;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A {@link MemoryStore} bean when cistern-memory is on the class path and
 * {@code cistern.memory.url} or {@code cistern.memory.data-directory} is set. The store opens
 * its own database (its schema and pools are its own), closed with the context.
 */
@AutoConfiguration
@ConditionalOnClass(MemoryStore.class)
@Conditional(CisternMemoryAutoConfiguration.StoreConfigured.class)
@EnableConfigurationProperties(CisternMemoryProperties.class)
public class CisternMemoryAutoConfiguration {

    /** For Spring. */
    public CisternMemoryAutoConfiguration() {
    }

    /**
     * @param p {@code cistern.memory.*}
     * @return the open store
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MemoryStore memoryStore(CisternMemoryProperties p) {
        if (p.getUrl() != null && p.getDataDirectory() != null) {
            throw new IllegalArgumentException("cistern.memory.url and cistern.memory.data-directory are both set; "
                    + "allowed: one of them");
        }
        MemoryStoreConfig.Builder b = p.getUrl() != null ? MemoryStoreConfig.jdbc(p.getUrl()) : MemoryStoreConfig.sqlite(p.getDataDirectory());
        if (p.getUsername() != null) {
            b.username(p.getUsername());
        }
        if (p.getPassword() != null) {
            b.password(p.getPassword());
        }
        if (p.getPoolSize() != null) {
            b.poolSize(p.getPoolSize());
        }
        if (p.getMaxConcurrent() != null) {
            b.maxConcurrent(p.getMaxConcurrent());
        }
        if (p.getAcquireTimeout() != null) {
            b.acquireTimeout(p.getAcquireTimeout());
        }
        if (p.getCacheSize() != null) {
            b.cacheSize(p.getCacheSize());
        }
        if (p.getCacheTtl() != null) {
            b.cacheTtl(p.getCacheTtl());
        }
        return MemoryStore.open(b.build());
    }

    /** True when {@code cistern.memory.url} or {@code cistern.memory.data-directory} is set. */
    static final class StoreConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getEnvironment().containsProperty("cistern.memory.url")
                    || context.getEnvironment().containsProperty("cistern.memory.data-directory");
        }
    }
}
