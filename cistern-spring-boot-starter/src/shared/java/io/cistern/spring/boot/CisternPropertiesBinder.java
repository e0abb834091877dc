package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Applies {@code spring.datasource.cistern.*} to every {@link CisternDataSource} bean that has
 * not started, whoever made it (this starter, or Boot for
 * {@code spring.datasource.type=io.cistern.jdbc.CisternDataSource}), and gives it the
 * application's Micrometer registry unless one is set. Keys are Cistern's and HikariCP's names,
 * in camelCase or kebab-case ({@code maximum-pool-size}, {@code sqlite.readers},
 * {@code data-source.prepare-threshold}); an unknown one fails the start, naming the closest
 * known key.
 */
public final class CisternPropertiesBinder implements BeanPostProcessor, BeanFactoryAware {
    static final String PREFIX = "spring.datasource.cistern";
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private final Environment environment;
    private BeanFactory beanFactory;

    /** @param environment where the properties are read */
    public CisternPropertiesBinder(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof CisternDataSource && !((CisternDataSource) bean).isRunning()) {
            bind((CisternDataSource) bean);
        }
        return bean;
    }

    private void bind(CisternDataSource ds) {
        Map<String, String> given = Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        boolean registrySet = false;
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = camelCase(e.getKey());
            registrySet |= key.equals("metricRegistry");
            try {
                ds.setProperty(key, e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(PREFIX + "." + e.getKey() + ": " + bad.getMessage(), bad);
            }
        }
        if (!registrySet && beanFactory != null && ClassUtils.isPresent(METER_REGISTRY, getClass().getClassLoader())) {
            Object registry = MicrometerRegistry.unique(beanFactory);
            if (registry != null) {
                ds.setMetricRegistry(registry);
            }
        }
    }

    /** {@code maximum-pool-size} → {@code maximumPoolSize}, per dot-separated part; camelCase stays as it is. */
    static String camelCase(String key) {
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String camel = out.toString();
        // "dataSourceJndi" written kebab-case is HikariCP's dataSourceJNDI.
        return camel.toLowerCase(Locale.ROOT).equals("datasourcejndi") ? "dataSourceJNDI" : camel;
    }

    /** Touches Micrometer only when it is on the class path. */
    private static final class MicrometerRegistry {
        static Object unique(BeanFactory beanFactory) {
            return beanFactory.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class).getIfUnique();
        }
    }
}
