package io.cistern.cache.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the shared trace folder, {@code ../shared/data/cache-traces} relative to the repository
 * root: from the system property {@value #PROPERTY} if set, else by walking up from the working
 * directory, so it works from the repository root and from a module alike.
 */
public final class TraceDirectory {

    /** A system property that names the trace folder explicitly. */
    public static final String PROPERTY = "cistern.cache.traces";

    private static final Path RELATIVE = Paths.get("shared", "data", "cache-traces");

    private TraceDirectory() {
    }

    /** @return the trace folder, or empty if it is not there */
    public static Optional<Path> locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            Path path = Paths.get(configured);
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** @return every trace file in the folder's {@code arc}, {@code lirs} and {@code cache2k} subfolders, sorted */
    public static List<Path> traceFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(".lis.gz") || name.endsWith(".trace.gz") || name.endsWith(".trace.xz");
                    })
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
