/**
 * Spring Boot auto-configuration for Cistern: {@link io.cistern.jdbc.CisternDataSource} as the
 * application's {@code DataSource} (from {@code spring.datasource.url/username/password}, with
 * {@code spring.datasource.cistern.*} for every Cistern and HikariCP key), pool metadata for
 * Boot's {@code jdbc.connections.*} metrics, an Actuator health indicator (the plain pool, a
 * cluster's endpoints, the SQLite breaker), Cistern's own Micrometer meters, and a
 * {@code MemoryStore} bean configured by {@code cistern.memory.*}.
 *
 * <p>Two starters carry this package: cistern-spring-boot-starter for Boot 3 and
 * cistern-spring-boot4-starter for Boot 4. What does not depend on Boot's version is one source
 * (cistern-spring-boot-starter's src/shared) compiled into both; each has its own
 * {@code CisternDataSourceAutoConfiguration}, {@code CisternHealthAutoConfiguration} and
 * {@code CisternHealthIndicator}, as Boot 4 moved the classes they use to other packages.
 *
 * <p>Not here: the pool, the disciplines and the store themselves; Spring Boot is the
 * application's dependency, not this module's.
 */
package io.cistern.spring.boot;
