package io.cistern.bench.pool;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.cistern.bench.stub.StubDriver;
import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.apache.tomcat.jdbc.pool.PooledConnection;
import org.vibur.dbcp.ViburDBCPDataSource;

/**
 * The pools compared, each set up the way HikariCP's own benchmark sets them up: an empty pool
 * of at most {@code maxPoolSize} on the stub driver, auto-commit off, an 8 s acquire timeout, and
 * the validation and reset each pool needs to be as safe as the others (test-on-borrow where a
 * pool has no cheaper liveness check, rollback and state reset on return).
 */
final class Pools {
    /** Every pool in the comparison, Cistern first. */
    static final String ALL = "cistern,hikari,agroal,vibur,dbcp2,tomcat,c3p0";
    private static final int MIN_IDLE = 0;
    private static final int TIMEOUT_MS = 8_000;
    private static final String USER = "bench";

    private Pools() {
    }

    static DataSource create(String pool, int maxPoolSize) {
        StubDriver.register();
        switch (pool) {
            case "cistern":
                return new CisternDataSource(CisternConfig.builder().jdbcUrl(StubDriver.URL).username(USER).password("")
                        .minimumIdle(MIN_IDLE).maximumPoolSize(maxPoolSize).connectionTimeout(TIMEOUT_MS)
                        .autoCommit(false).poolName("bench").build());
            case "hikari":
                HikariConfig hikari = new HikariConfig();
                hikari.setJdbcUrl(StubDriver.URL);
                hikari.setUsername(USER);
                hikari.setPassword("");
                hikari.setMinimumIdle(MIN_IDLE);
                hikari.setMaximumPoolSize(maxPoolSize);
                hikari.setConnectionTimeout(TIMEOUT_MS);
                hikari.setAutoCommit(false);
                return new HikariDataSource(hikari);
            case "agroal":
                try {
                    return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                            .connectionPoolConfiguration(cp -> cp.minSize(MIN_IDLE).maxSize(maxPoolSize)
                                    .acquisitionTimeout(Duration.ofMillis(TIMEOUT_MS))
                                    .connectionFactoryConfiguration(cf -> cf.jdbcUrl(StubDriver.URL).autoCommit(false)
                                            .principal(new NamePrincipal(USER)).credential(new SimplePassword("")))));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            case "vibur":
                ViburDBCPDataSource vibur = new ViburDBCPDataSource();
                vibur.setJdbcUrl(StubDriver.URL);
                vibur.setUsername(USER);
                vibur.setPassword("");
                vibur.setPoolFair(false);
                vibur.setPoolInitialSize(MIN_IDLE);
                vibur.setPoolMaxSize(maxPoolSize);
                vibur.setConnectionTimeoutInMs(TIMEOUT_MS);
                vibur.setDefaultAutoCommit(false);
                vibur.setResetDefaultsAfterUse(true);
                vibur.setConnectionIdleLimitInSeconds(30);
                vibur.start();
                return vibur;
            case "dbcp2":
                BasicDataSource dbcp2 = new BasicDataSource();
                dbcp2.setUrl(StubDriver.URL);
                dbcp2.setUsername(USER);
                dbcp2.setPassword("");
                dbcp2.setInitialSize(MIN_IDLE);
                dbcp2.setMinIdle(MIN_IDLE);
                dbcp2.setMaxIdle(maxPoolSize);
                dbcp2.setMaxTotal(maxPoolSize);
                dbcp2.setMaxWait(Duration.ofMillis(TIMEOUT_MS));
                dbcp2.setDefaultAutoCommit(false);
                dbcp2.setRollbackOnReturn(true);
                dbcp2.setAutoCommitOnReturn(false);
                dbcp2.setTestOnBorrow(true);
                dbcp2.setCacheState(true);
                dbcp2.setFastFailValidation(true);
                return dbcp2;
            case "tomcat":
                PoolProperties tomcat = new PoolProperties();
                tomcat.setUrl(StubDriver.URL);
                tomcat.setUsername(USER);
                tomcat.setPassword("");
                tomcat.setInitialSize(MIN_IDLE);
                tomcat.setMinIdle(MIN_IDLE);
                tomcat.setMaxIdle(maxPoolSize);
                tomcat.setMaxActive(maxPoolSize);
                tomcat.setMaxWait(TIMEOUT_MS);
                tomcat.setDefaultAutoCommit(false);
                tomcat.setRollbackOnReturn(true);
                tomcat.setUseDisposableConnectionFacade(true);
                tomcat.setJdbcInterceptors("org.apache.tomcat.jdbc.pool.interceptor.ConnectionState;"
                        + "org.apache.tomcat.jdbc.pool.interceptor.StatementFinalizer");
                tomcat.setTestOnBorrow(true);
                tomcat.setValidationInterval(1000);
                tomcat.setValidator((Connection c, int action) -> {
                    try {
                        return action != PooledConnection.VALIDATE_BORROW || c.isValid(0);
                    } catch (SQLException e) {
                        return false;
                    }
                });
                return new org.apache.tomcat.jdbc.pool.DataSource(tomcat);
            case "c3p0":
                ComboPooledDataSource c3p0 = new ComboPooledDataSource();
                c3p0.setJdbcUrl(StubDriver.URL);
                c3p0.setUser(USER);
                c3p0.setPassword("");
                c3p0.setAcquireIncrement(1);
                c3p0.setInitialPoolSize(MIN_IDLE);
                c3p0.setMinPoolSize(MIN_IDLE);
                c3p0.setMaxPoolSize(maxPoolSize);
                c3p0.setCheckoutTimeout(TIMEOUT_MS);
                c3p0.setTestConnectionOnCheckout(true);
                return c3p0;
            default:
                throw new IllegalArgumentException("pool = " + pool + " is not known; allowed: " + ALL);
        }
    }

    static void close(DataSource ds) throws Exception {
        if (ds instanceof ViburDBCPDataSource) {
            ((ViburDBCPDataSource) ds).terminate();
        } else if (ds instanceof org.apache.tomcat.jdbc.pool.DataSource) {
            ((org.apache.tomcat.jdbc.pool.DataSource) ds).close();
        } else if (ds instanceof AutoCloseable) {
            ((AutoCloseable) ds).close();
        }
    }
}
