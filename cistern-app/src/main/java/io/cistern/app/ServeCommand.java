package io.cistern.app;

import io.cistern.memory.store.MemoryStore;
import io.cistern.server.CisternServer;
import io.cistern.server.ServerConfig;
import io.cistern.server.security.Tokens;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cistern serve}: the HTTP API, MCP over Streamable HTTP, health, metrics and the dashboard. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the memory store over HTTP: the JSON API under /v1 (see /openapi.json), MCP at /mcp, "
                + "/health/live, /health/ready, /metrics and a live dashboard at /. Stops cleanly on SIGTERM or Ctrl-C.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "2:a bad option value", "3:the store cannot be opened",
                "4:cannot listen (port in use, bad address, bad keystore)"})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--port", defaultValue = "8080", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "interface to bind (default: ${DEFAULT-VALUE}); anything but loopback needs --token-file")
    String host;

    @Option(names = "--token-file", description = "bearer tokens, hashed, with their namespaces (see docs/SERVER.md); "
            + "or set CISTERN_TOKENS")
    Path tokenFile;

    @Option(names = "--tls-keystore", description = "serve HTTPS with this PKCS#12 keystore; its password comes from "
            + "CISTERN_TLS_PASSWORD")
    Path tlsKeystore;

    @Option(names = "--max-body", defaultValue = "1048576", description = "largest request body in bytes (default: ${DEFAULT-VALUE})")
    int maxBody;

    /** Gives the inherited {@code --verbose} (declared once, on {@link CisternCommand}). */
    @ParentCommand
    CisternCommand parent;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            Tokens tokens = tokenFile != null ? Tokens.fromFile(tokenFile)
                    : System.getenv("CISTERN_TOKENS") != null ? Tokens.parse(System.getenv("CISTERN_TOKENS"), "CISTERN_TOKENS")
                    : null;
            ServerConfig.Builder b = ServerConfig.builder().host(host).port(port).tokens(tokens).maxBodyBytes(maxBody);
            if (tlsKeystore != null) {
                b.tls(tlsKeystore, System.getenv("CISTERN_TLS_PASSWORD"));
            }
            config = b.build();
        } catch (IllegalArgumentException e) {
            return new CommandFailure(2, e.getMessage(), e).report("serve", verbose());
        }
        MemoryStore store;
        try {
            store = storeOptions.open(verbose());
        } catch (CommandFailure e) {
            return e.report("serve", verbose());
        }
        CisternServer server;
        try {
            server = CisternServer.start(store, config);
        } catch (CisternServer.ServerStartException e) {
            store.close();
            return new CommandFailure(4, e.getMessage(), e).report("serve", verbose());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("cistern serve: stopping (draining requests, closing the store)");
            try {
                server.close();
            } finally {
                store.close();
                stopped.countDown();
            }
        }, "cistern-serve-shutdown"));
        System.err.println("cistern serve: listening on " + server.baseUrl() + " (dashboard /, MCP /mcp, API /v1) on "
                + Secrets.redact(store.description()) + (config.tokens() == null ? ", no tokens (loopback only)"
                : ", " + config.tokens().size() + " tokens"));
        server.join();
        stopped.await();
        return 0;
    }

    private boolean verbose() {
        return parent != null && parent.verbose;
    }
}
