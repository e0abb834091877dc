package io.cistern.spring.boot;

import io.cistern.jdbc.CisternDataSource;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.metadata.AbstractDataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;

/**
 * Boot's view of a {@link CisternDataSource}'s connections, behind its {@code jdbc.connections.*}
 * metrics: the plain pool, SQLite's writer plus readers, or every endpoint of a cluster added
 * up. Before the data source has started every figure is {@code null}, as Boot expects of
 * a pool that cannot tell.
 */
final class CisternPoolMetadata extends AbstractDataSourcePoolMetadata<CisternDataSource> {

    private CisternPoolMetadata(CisternDataSource ds) {
        super(ds);
    }

    /** @return the metadata of a CisternDataSource, or {@code null} for another kind of data source */
    static DataSourcePoolMetadata of(DataSource ds) {
        CisternDataSource cistern = DataSourceUnwrapper.unwrap(ds, CisternDataSource.class);
        return cistern != null ? new CisternPoolMetadata(cistern) : null;
    }

    private PoolView view() {
        return PoolView.of(getDataSource());
    }

    @Override
    public Integer getActive() {
        PoolView v = view();
        return v != null ? v.active() : null;
    }

    @Override
    public Integer getIdle() {
        PoolView v = view();
        return v != null ? v.idle() : null;
    }

    @Override
    public Integer getMax() {
        PoolView v = view();
        return v != null ? v.max() : getDataSource().getMaximumPoolSize();
    }

    @Override
    public Integer getMin() {
        PoolView v = view();
        return v != null ? v.min() : null;
    }

    @Override
    public String getValidationQuery() {
        return getDataSource().isRunning() ? getDataSource().config().connectionTestQuery() : null;
    }

    @Override
    public Boolean getDefaultAutoCommit() {
        return getDataSource().isRunning() ? getDataSource().config().autoCommit() : null;
    }
}
