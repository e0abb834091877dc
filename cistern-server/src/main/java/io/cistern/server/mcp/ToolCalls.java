package io.cistern.server.mcp;

import io.cistern.memory.store.MemoryStoreException;
import io.cistern.server.conversation.ConversationException;
import io.cistern.server.security.Redaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tool call: times it ({@code cistern.mcp.tool.calls} by tool and outcome) and turns a
 * failure into a tool error with a message naming what was wrong, as the reference server does
 * (a JSON-RPC error would read as a broken server to most clients).
 */
final class ToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

    private final MeterRegistry meters;
    private final AtomicInteger running = new AtomicInteger();

    ToolCalls(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @return tool calls started and not yet answered */
    int running() {
        return running.get();
    }

    McpSchema.CallToolResult call(String tool, Supplier<McpSchema.CallToolResult> work) {
        long start = System.nanoTime();
        String outcome = "ok";
        running.incrementAndGet();
        try {
            return work.get();
        } catch (ConversationException e) {
            outcome = e.kind().name().toLowerCase(Locale.ROOT);
            return error(e.getMessage());
        } catch (IllegalArgumentException e) {
            outcome = "invalid";
            return error(e.getMessage());
        } catch (MemoryStoreException e) {
            outcome = "store_error";
            LOG.warn("tool {} failed: {}", tool, Redaction.clean(e.getMessage()));
            return error("the store failed: " + Redaction.clean(e.getMessage()));
        } catch (RuntimeException e) {
            outcome = "error";
            LOG.warn("tool {} failed", tool, e);
            return error("tool " + tool + " failed: " + Redaction.clean(String.valueOf(e.getMessage())));
        } finally {
            running.decrementAndGet();
            Timer.builder("cistern.mcp.tool.calls").tag("tool", tool).tag("outcome", outcome)
                    .publishPercentileHistogram(false).register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
