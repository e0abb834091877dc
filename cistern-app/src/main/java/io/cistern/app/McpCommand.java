package io.cistern.app;

import io.cistern.memory.store.MemoryStore;
import io.cistern.server.conversation.Conversations;
import io.cistern.server.mcp.McpEndpoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cistern mcp}: the MCP server over stdio, for clients that start their servers as processes. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serves the memory store as an MCP server over stdio (JSON-RPC on stdin/stdout, logs on stderr): "
                + "the reference memory server's nine knowledge-graph tools and memory://knowledge-graph, plus "
                + "conversation tools. Ends when stdin closes, or on SIGTERM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stdin closed or stopped cleanly", "2:a bad option value", "3:the store cannot be opened"})
final class McpCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--namespace", defaultValue = "default", description = "namespace of every call (default: ${DEFAULT-VALUE})")
    String namespace;

    /** Gives the inherited {@code --verbose} (declared once, on {@link CisternCommand}). */
    @ParentCommand
    CisternCommand parent;

    @Override
    public Integer call() throws InterruptedException {
        MemoryStore store;
        try {
            store = storeOptions.open(verbose());
        } catch (CommandFailure e) {
            return e.report("mcp", verbose());
        }
        CountDownLatch inputEnded = new CountDownLatch(1);
        InputStream in = new FilterInputStream(System.in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    inputEnded.countDown();
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c < 0) {
                    inputEnded.countDown();
                }
                return c;
            }
        };
        McpEndpoints.Stdio stdio = McpEndpoints.stdio(new Conversations(store), new SimpleMeterRegistry(), in, System.out, namespace);
        McpSyncServer server = stdio.server();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.closeGracefully();
            } finally {
                store.close();
                closed.countDown();
            }
        }, "cistern-mcp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        inputEnded.await();
        // tool calls read before the end finish before the store closes, none cut off mid-write
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            Thread.sleep(200);
        } while (stdio.toolCallsRunning().getAsInt() > 0 && System.nanoTime() < deadline);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            closed.await();
            return 0;
        }
        hook.run();
        return 0;
    }

    private boolean verbose() {
        return parent != null && parent.verbose;
    }
}
