package io.cistern.jdbc;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Wrapper;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The parts of {@link DataSource} that Cistern's composite data sources share and that have
 * nothing to do with connections: a log writer and login timeout kept for callers that set them
 * (Cistern itself logs through SLF4J), and {@link Wrapper} over the object a subclass wraps.
 */
public abstract class AbstractDataSource implements DataSource {
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    /** For subclasses. */
    protected AbstractDataSource() {
    }

    /**
     * @return the object {@link #unwrap} reaches past this one (and asks in turn when it is a
     *     {@link Wrapper}), or {@code null} when this data source wraps nothing
     */
    protected Object wrapped() {
        return null;
    }

    /** @return how {@link #unwrap} names this data source when it wraps no such thing */
    protected String describeForErrors() {
        return getClass().getSimpleName();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Cistern logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        Object inner = wrapped();
        if (iface.isInstance(inner)) {
            return iface.cast(inner);
        }
        if (inner instanceof Wrapper && ((Wrapper) inner).isWrapperFor(iface)) {
            return ((Wrapper) inner).unwrap(iface);
        }
        throw new SQLException(describeForErrors() + " does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        Object inner = wrapped();
        return iface.isInstance(this) || iface.isInstance(inner)
                || inner instanceof Wrapper && ((Wrapper) inner).isWrapperFor(iface);
    }
}
