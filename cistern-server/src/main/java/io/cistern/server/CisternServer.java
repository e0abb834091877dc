package io.cistern.server;

import io.cistern.memory.store.MemoryStore;
import io.cistern.server.conversation.Conversations;
import io.cistern.server.http.ApiServlet;
import io.cistern.server.http.OpenApiServlet;
import io.cistern.server.mcp.McpEndpoints;
import io.cistern.server.ops.DashboardServlet;
import io.cistern.server.ops.HealthServlet;
import io.cistern.server.ops.MetricsServlet;
import io.cistern.server.ops.Readiness;
import io.cistern.server.ops.RequestMetricsFilter;
import io.cistern.server.ops.StoreMeters;
import io.cistern.server.security.BearerAuthFilter;
import io.cistern.server.security.LoopbackHostFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.BindException;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The memory store as an HTTP service on embedded Jetty 12: the API under {@code /v1}, MCP over
 * Streamable HTTP at {@code /mcp}, {@code /health/live}, {@code /health/ready}, {@code /metrics},
 * {@code /openapi.json} and the dashboard at {@code /}. Requests run on virtual threads where the
 * JDK has them (21+), on Jetty's pooled threads otherwise.
 *
 * <pre>{@code
 * try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of("data")).build());
 *      CisternServer server = CisternServer.start(store, ServerConfig.builder().port(8080).build())) {
 *     server.join();
 * }
 * }</pre>
 *
 * <p>The store stays the caller's: {@link #close()} drains and stops the server, not the store.
 */
public final class CisternServer implements AutoCloseable {

    private final Server jetty;
    private final ServerConnector connector;
    private final McpEndpoints.Http mcp;
    private final PrometheusMeterRegistry meters;
    private final boolean tls;

    private CisternServer(Server jetty, ServerConnector connector, McpEndpoints.Http mcp, PrometheusMeterRegistry meters,
                          boolean tls) {
        this.jetty = jetty;
        this.connector = connector;
        this.mcp = mcp;
        this.meters = meters;
        this.tls = tls;
    }

    /**
     * Starts the server.
     *
     * @param store the store it serves
     * @param config where and how it listens
     * @return the running server
     * @throws ServerStartException with one line saying why, e.g. the port is in use
     */
    public static CisternServer start(MemoryStore store, ServerConfig config) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(config, "config");
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("cistern-http");
        if (VirtualThreads.areSupported()) {
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("cistern-http-v"));
        }
        Server jetty = new Server(threads);
        jetty.setStopTimeout(config.drainTimeout().toMillis());
        jetty.setStopAtShutdown(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector;
        if (config.tlsKeystore() != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.tlsKeystore().toAbsolutePath().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(config.tlsPassword());
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StoreMeters.bind(meters, store);
        Conversations conversations = new Conversations(store);
        Readiness readiness = new Readiness(store);
        McpEndpoints.Http mcp = McpEndpoints.http(conversations, meters, config.maxBodyBytes());

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        RequestMetricsFilter requestMetrics = new RequestMetricsFilter(meters);
        context.addFilter(new FilterHolder(requestMetrics), "/*", EnumSet.of(DispatcherType.REQUEST));
        if (config.isLoopback()) {
            context.addFilter(new FilterHolder(new LoopbackHostFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        FilterHolder auth = new FilterHolder(new BearerAuthFilter(config.tokens()));
        context.addFilter(auth, "/v1/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(auth, "/mcp/*", EnumSet.of(DispatcherType.REQUEST)); // matches /mcp itself too
        ServletHolder mcpServlet = new ServletHolder("mcp", mcp.servlet());
        mcpServlet.setAsyncSupported(true);
        context.addServlet(mcpServlet, "/mcp");
        context.addServlet(mcpServlet, "/mcp/*");
        context.addServlet(new ServletHolder("api", new ApiServlet(conversations, config.maxBodyBytes())), "/v1/*");
        context.addServlet(new ServletHolder("health", new HealthServlet(store, readiness)), "/health/*");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(meters)), "/metrics");
        context.addServlet(new ServletHolder("openapi", new OpenApiServlet()), "/openapi.json");
        Timer all = meters.get("cistern.http.requests.all").timer();
        context.addServlet(new ServletHolder("dashboard", new DashboardServlet(store, readiness, all)), "/");

        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(context);
        jetty.setHandler(graceful);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            mcp.server().close();
            throw ServerStartException.of(config, e);
        }
        return new CisternServer(jetty, connector, mcp, meters, config.tlsKeystore() != null);
    }

    /** @return the port it listens on (the chosen one when configured with 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return its base URL, e.g. {@code http://127.0.0.1:8080} */
    public String baseUrl() {
        String host = connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (tls ? "https://" : "http://") + host + ":" + port();
    }

    /** @return the meters, as {@code /metrics} shows them */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops accepting, lets requests in flight finish (up to the drain timeout), closes the MCP
     * sessions and stops. Idempotent.
     */
    @Override
    public void close() {
        try {
            mcp.server().closeGracefully();
        } catch (RuntimeException e) {
            // closing MCP sessions is best effort; the HTTP stop below still drains requests
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTP server failed: " + e.getMessage(), e);
        } finally {
            meters.close();
        }
    }

    /** Why a server did not start, in one line. */
    public static final class ServerStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private ServerStartException(String message, Throwable cause) {
            super(message, cause);
        }

        static ServerStartException of(ServerConfig config, Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    return new ServerStartException("cannot listen on " + config.host() + ":" + config.port()
                            + ": the port is in use (or the address is not this machine's); choose another with --port", e);
                }
            }
            if (e instanceof IOException) {
                return new ServerStartException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
            }
            return new ServerStartException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }
}
