package io.cistern.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Public entry to the test PostgreSQL server for tests in sub-packages. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /**
     * @param poolName the pool's name, also its server-side application name
     * @return settings for a pool on the shared test server
     */
    public static CisternConfig.Builder postgres(String poolName) {
        return TestPostgres.config(TestPostgres.shared(), poolName);
    }

    /** @return the shared test server */
    public static EmbeddedPostgres server() {
        return TestPostgres.shared();
    }
}
