package io.cistern.server.ops;

import io.cistern.memory.store.MemoryStore;
import io.cistern.server.http.JsonBodies;
import io.cistern.server.http.Problem;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health/live}: 200 while the process serves. {@code /health/ready}: 200 while the store
 * can write, else 503; the body shows pools, limiter, cache and cluster either way.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MemoryStore store;
    private final transient Readiness readiness;

    /** @param store the store @param readiness its probe */
    public HealthServlet(MemoryStore store, Readiness readiness) {
        this.store = store;
        this.readiness = readiness;
    }

    /** Whether requests are served on virtual threads (JDK 21+); reflective, as the build targets 17. */
    static boolean onVirtualThread() {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        req.setAttribute(RequestMetricsFilter.ROUTE, path);
        if (path.equals("/health/live")) {
            JsonBodies.write(resp, 200, Map.of("status", "UP", "virtualThreads", onVirtualThread()));
        } else if (path.equals("/health/ready")) {
            Readiness.Sample s = readiness.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", s.ready() ? "UP" : "DOWN");
            body.put("writeProbeMicros", s.micros());
            if (s.error() != null) {
                body.put("error", s.error());
            }
            body.putAll(StoreHealth.of(store));
            JsonBodies.write(resp, s.ready() ? 200 : 503, body);
        } else {
            req.setAttribute(RequestMetricsFilter.ROUTE, "other");
            Problem.of(404, "Not Found", "no resource at " + path + "; health is at /health/live and /health/ready")
                    .write(req, resp);
        }
    }
}
