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

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
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
        throw new SQLException(getClass().getSimpleName() + " does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        Object inner = wrapped();
        return iface.isInstance(this) || iface.isInstance(inner)
                || inner instanceof Wrapper && ((Wrapper) inner).isWrapperFor(iface);
    }
}
