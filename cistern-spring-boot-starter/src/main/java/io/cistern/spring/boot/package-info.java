/**
 * Spring Boot auto-configuration for Cistern: {@link io.cistern.jdbc.CisternDataSource} as the
 * application's {@code DataSource} (from {@code spring.datasource.url/username/password}, with
 * {@code spring.datasource.cistern.*} for every Cistern and HikariCP key), pool metadata for
 * Boot's {@code jdbc.connections.*} metrics, an Actuator health indicator (the plain pool, a
 * cluster's endpoints, the SQLite breaker), Cistern's own Micrometer meters, and a
 * {@code MemoryStore} bean configured by {@code cistern.memory.*}.
 *
 * <p>Not here: the pool, the disciplines and the store themselves; Spring Boot is the
 * application's dependency, not this module's.
 */
package io.cistern.spring.boot;
