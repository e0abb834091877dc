package io.cistern.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference MCP memory server ({@code @modelcontextprotocol/server-memory}), installed with npm
 * into {@code target/npm} on first use: the comparison needs the real thing, not a copy.
 */
final class ReferenceMemoryServer {

    static final String VERSION = "2026.8.31";

    private ReferenceMemoryServer() {
    }

    /** @return its entry script, or empty (with the reason printed) when node or npm is missing or the install fails */
    static Optional<Path> install() throws IOException, InterruptedException {
        Path prefix = Path.of("target", "npm").toAbsolutePath();
        Path script = prefix.resolve("node_modules/@modelcontextprotocol/server-memory/dist/index.js");
        if (Files.exists(script)) {
            return Optional.of(script);
        }
        if (!onPath("node") || !onPath("npm")) {
            return Optional.empty();
        }
        Files.createDirectories(prefix);
        Process p = new ProcessBuilder("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "@modelcontextprotocol/server-memory@" + VERSION).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("install.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(script)) {
            return Optional.empty();
        }
        return Optional.of(script);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
