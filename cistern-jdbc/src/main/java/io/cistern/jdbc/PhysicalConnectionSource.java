package io.cistern.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens physical connections: from a JDBC driver and URL, or from a {@link DataSource} (a class
 * configured by bean properties, an object, or one looked up in JNDI). A HikariCP-style
 * credentials provider, when set, is asked for the user and password of every new connection.
 */
abstract class PhysicalConnectionSource {

    abstract Connection open() throws SQLException;

    /** @return the DataSource behind the pool, or {@code null} when connections come from a driver */
    DataSource dataSource() {
        return null;
    }

    static PhysicalConnectionSource of(CisternConfig config) {
        return config.jdbcUrl() != null ? new FromDriver(config) : new FromDataSource(config);
    }

    private static Object instantiate(String className, String what) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = loader != null ? Class.forName(className, true, loader) : Class.forName(className);
            return type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(what + " = " + className + " is not on the class path", e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(what + " = " + className + " cannot be instantiated: " + e, e);
        }
    }

    private static final class FromDriver extends PhysicalConnectionSource {
        private final String url;
        private final Properties properties = new Properties();
        private final Driver driver;
        private final Object credentialsProvider;

        FromDriver(CisternConfig config) {
            this.url = config.jdbcUrl();
            properties.putAll(config.dataSourceProperties());
            if (config.username() != null) {
                properties.setProperty("user", config.username());
            }
            if (config.password() != null) {
                properties.setProperty("password", config.password());
            }
            this.credentialsProvider = config.credentialsProvider();
            if (config.driverClassName() != null) {
                Object candidate = instantiate(config.driverClassName(), "driverClassName");
                if (!(candidate instanceof Driver)) {
                    throw new IllegalArgumentException("driverClassName = " + config.driverClassName() + " is not a java.sql.Driver");
                }
                driver = (Driver) candidate;
            } else {
                try {
                    driver = DriverManager.getDriver(url);
                } catch (SQLException e) {
                    throw new IllegalArgumentException("No JDBC driver on the class path accepts jdbcUrl = "
                            + Secrets.maskUrl(url) + "; add the driver or set driverClassName", e);
                }
            }
        }

        @Override
        Connection open() throws SQLException {
            Properties given = properties;
            if (credentialsProvider != null) {
                String[] credentials = HikariObjects.fromProvider(credentialsProvider);
                given = new Properties();
                given.putAll(properties);
                given.remove("user");
                given.remove("password");
                if (credentials[0] != null) {
                    given.setProperty("user", credentials[0]);
                }
                if (credentials[1] != null) {
                    given.setProperty("password", credentials[1]);
                }
            }
            Connection c = driver.connect(url, given);
            if (c == null) {
                throw new SQLException("Driver " + driver.getClass().getName() + " does not accept jdbcUrl = "
                        + Secrets.maskUrl(url), "08001");
            }
            return c;
        }
    }

    private static final class FromDataSource extends PhysicalConnectionSource {
        private final DataSource dataSource;
        private final String username;
        private final String password;
        private final Object credentialsProvider;

        FromDataSource(CisternConfig config) {
            this.dataSource = config.dataSource() != null ? config.dataSource()
                    : config.dataSourceJndi() != null ? lookUp(config.dataSourceJndi()) : instantiated(config.dataSourceClassName());
            this.username = config.username();
            this.password = config.password();
            this.credentialsProvider = config.credentialsProvider();
            for (Map.Entry<String, String> p : config.dataSourceProperties().entrySet()) {
                setBeanProperty(dataSource, p.getKey(), p.getValue());
            }
        }

        private static DataSource instantiated(String className) {
            Object candidate = instantiate(className, "dataSourceClassName");
            if (!(candidate instanceof DataSource)) {
                throw new IllegalArgumentException("dataSourceClassName = " + className + " is not a javax.sql.DataSource");
            }
            return (DataSource) candidate;
        }

        private static DataSource lookUp(String name) {
            Object found;
            try {
                found = new javax.naming.InitialContext().lookup(name);
            } catch (javax.naming.NamingException e) {
                throw new IllegalArgumentException("dataSourceJNDI = " + name + " cannot be looked up: " + e
                        + "; allowed: the JNDI name of a javax.sql.DataSource bound in this process", e);
            }
            if (!(found instanceof DataSource)) {
                throw new IllegalArgumentException("dataSourceJNDI = " + name + " names a "
                        + (found == null ? null : found.getClass().getName()) + "; allowed: the name of a javax.sql.DataSource");
            }
            return (DataSource) found;
        }

        @Override
        Connection open() throws SQLException {
            if (credentialsProvider != null) {
                String[] credentials = HikariObjects.fromProvider(credentialsProvider);
                return dataSource.getConnection(credentials[0], credentials[1]);
            }
            return username != null ? dataSource.getConnection(username, password) : dataSource.getConnection();
        }

        @Override
        DataSource dataSource() {
            return dataSource;
        }

        /** Applies one {@code dataSource.*} property through the bean's setter (start-up only). */
        private static void setBeanProperty(Object bean, String name, String value) {
            String setter = "set" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            for (Method m : bean.getClass().getMethods()) {
                if (!m.getName().equals(setter) || m.getParameterCount() != 1) {
                    continue;
                }
                Class<?> type = m.getParameterTypes()[0];
                try {
                    if (type == String.class) {
                        m.invoke(bean, value);
                    } else if (type == int.class || type == Integer.class) {
                        m.invoke(bean, Integer.parseInt(value));
                    } else if (type == long.class || type == Long.class) {
                        m.invoke(bean, Long.parseLong(value));
                    } else if (type == boolean.class || type == Boolean.class) {
                        m.invoke(bean, Boolean.parseBoolean(value));
                    } else if (type == short.class || type == Short.class) {
                        m.invoke(bean, Short.parseShort(value));
                    } else {
                        continue;
                    }
                    return;
                } catch (ReflectiveOperationException | NumberFormatException e) {
                    throw new IllegalArgumentException("dataSource." + name + " = "
                            + (Secrets.isSecretKey(name) ? Secrets.MASK : value) + " cannot be applied with "
                            + bean.getClass().getSimpleName() + "." + setter + "(" + type.getSimpleName() + ")", e);
                }
            }
            throw new IllegalArgumentException("dataSource." + name + " does not match a setter of "
                    + bean.getClass().getName() + " (looked for " + setter + ")");
        }
    }
}
