package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import org.springframework.util.StringUtils;

/**
 * The {@code spring.datasource.*} settings the starter reads, as Boot's
 * {@code DataSourceProperties} determines them (that class has one package in Boot 3 and another
 * in Boot 4, so each starter's auto-configuration reads it and hands the values here).
 *
 * @param url {@code spring.datasource.url}, or Boot's embedded default
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}
 * @param driverClassName {@code spring.datasource.driver-class-name}, or {@code null}
 * @param name {@code spring.datasource.name}, the pool's name, or {@code null}
 */
record SpringDatasource(String url, String username, String password, String driverClassName, String name) {

    /** @return a data source of these settings, not started yet; the URL decides its discipline */
    CisternDataSource toCisternDataSource() {
        CisternDataSource ds = new CisternDataSource();
        ds.setJdbcUrl(url);
        if (StringUtils.hasText(username)) {
            ds.setUsername(username);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        if (StringUtils.hasText(driverClassName)) {
            ds.setDriverClassName(driverClassName);
        }
        if (StringUtils.hasText(name)) {
            ds.setPoolName(name);
        }
        return ds;
    }
}
