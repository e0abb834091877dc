package io.cistern.jdbc;

import io.cistern.testkit.LoopbackPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Pool settings for the test kit's PostgreSQL, for the tests of this module and its sub-packages. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /**
     * @param poolName the pool's name, also its server-side application name
     * @return settings for a pool on the shared test server
     */
    public static CisternConfig.Builder postgres(String poolName) {
        return config(LoopbackPostgres.server(), poolName);
    }

    /**
     * @param server the shared test server or a dedicated one
     * @param poolName the pool's name, also its server-side application name, so that
     *        {@link LoopbackPostgres#sessions(String)} counts this pool's sessions
     * @return settings for a pool on {@code server} as user {@code postgres}
     */
    public static CisternConfig.Builder config(EmbeddedPostgres server, String poolName) {
        return CisternConfig.builder()
                .jdbcUrl(LoopbackPostgres.url(server))
                .username("postgres")
                .poolName(poolName)
                .addDataSourceProperty("ApplicationName", poolName);
    }
}
