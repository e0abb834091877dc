package io.cistern.memory.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** How many migrations a dialect has: "migrated once" means one history row for each of them. */
final class Migrations {

    private Migrations() {
    }

    static int count(MemoryStoreConfig config) {
        String dialect = config.isSqlite() ? "sqlite" : "postgresql";
        try (Stream<Path> files = Files.list(Path.of(Database.class.getResource("/db/memory/" + dialect).toURI()))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
