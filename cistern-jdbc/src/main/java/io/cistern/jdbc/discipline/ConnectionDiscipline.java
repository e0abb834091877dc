package io.cistern.jdbc.discipline;

import io.cistern.jdbc.CisternConfig;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A way of serving a kind of database better than a plain pool of its connections, chosen by
 * {@link io.cistern.jdbc.CisternDataSource} from the configuration's URL. Implementations are
 * registered in {@code META-INF/services/io.cistern.jdbc.discipline.ConnectionDiscipline} of
 * their module and must have a public no-argument constructor.
 *
 * <p>With {@code discipline=auto} (the default) the first discipline on the class path that
 * {@link #claims} the configuration serves it; {@code discipline=<name>} asks for one by
 * {@link #name()}, {@code discipline=plain} for the plain pool.
 */
public interface ConnectionDiscipline {

    /** @return the name {@code discipline=} selects it by, lower case: {@code sqlite}, {@code cluster} */
    String name();

    /**
     * @param config the settings
     * @return whether this discipline is the right one for them when none was asked for (say,
     *     a {@code jdbc:sqlite:} URL, or a URL with several hosts)
     */
    boolean claims(CisternConfig config);

    /**
     * Opens the data source that serves the settings.
     *
     * @param config the settings, HikariCP's keys and {@link CisternConfig#disciplineSettings()}
     * @return the data source; it is closed with the {@code CisternDataSource} when it is
     *     {@link AutoCloseable}, and reached by {@code unwrap} for its typed API
     * @throws SQLException if the database cannot be opened
     * @throws IllegalArgumentException for a setting this discipline cannot accept, named with
     *     its value and what is allowed
     */
    DataSource open(CisternConfig config) throws SQLException;

    /**
     * @param dataSource what {@link #open} returned
     * @return one line for the start-up log saying what was chosen
     */
    default String describe(DataSource dataSource) {
        return name() + " discipline: " + dataSource;
    }
}
