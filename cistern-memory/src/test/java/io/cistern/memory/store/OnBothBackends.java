package io.cistern.memory.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For test classes (here and in the adapters' modules) run once on a real SQLite file and once on
 * the test PostgreSQL: a fresh store before each test, closed after it. A test may close and
 * reopen {@link #store} on {@link #config} to show what survives a restart.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
public abstract class OnBothBackends {

    /** The database of this run. */
    @Parameter
    protected Backend backend;

    /** Where the SQLite file goes. */
    @TempDir
    protected Path dir;

    /** The fresh database's settings. */
    protected MemoryStoreConfig config;
    /** The store under test. */
    protected MemoryStore store;

    @BeforeEach
    void openStore() {
        config = backend.freshConfig(dir).build();
        store = MemoryStore.open(config);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Closes the store and opens it again on the same database. */
    protected void reopen() {
        store.close();
        store = MemoryStore.open(config);
    }
}
