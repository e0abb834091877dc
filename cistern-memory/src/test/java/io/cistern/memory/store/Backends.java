package io.cistern.memory.store;

import java.nio.file.Path;

/** For tests of other packages: a fresh store on a backend. */
public final class Backends {

    private Backends() {
    }

    /** @return a new, empty store on {@code backend} */
    public static MemoryStore fresh(Backend backend, Path dir) {
        return MemoryStore.open(backend.freshConfig(dir).build());
    }
}
