package io.cistern.server.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Times every request as {@code cistern.http.requests} by method, route and status. The route is
 * the template a servlet names in {@link #ROUTE} ({@code /v1/sessions/{id}/turns}), never the raw
 * path: ids would make a meter per request. An overall timer with p50 and p99 feeds the dashboard.
 */
public final class RequestMetricsFilter implements Filter {

    /** The request attribute where a servlet names its route template. */
    public static final String ROUTE = "cistern.route";

    private final MeterRegistry registry;
    private final Timer all;

    /** @param registry where the timers go */
    public RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
        this.all = Timer.builder("cistern.http.requests.all").description("every request, for the dashboard")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            HttpServletRequest request = (HttpServletRequest) req;
            if (!request.isAsyncStarted()) {
                record(request, (HttpServletResponse) res, System.nanoTime() - start);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, long nanos) {
        Object route = request.getAttribute(ROUTE);
        String path = request.getRequestURI();
        String r = route != null ? route.toString()
                : path.startsWith("/mcp") ? "/mcp"
                : path.startsWith("/health/") || path.equals("/metrics") || path.equals("/openapi.json") || path.equals("/")
                        || path.equals("/dashboard/data") ? path
                : "other";
        Timer.builder("cistern.http.requests").tag("method", request.getMethod()).tag("route", r)
                .tag("status", Integer.toString(response.getStatus())).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (!path.equals("/dashboard/data")) {
            all.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
