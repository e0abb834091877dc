package io.cistern.server.ops;

import io.cistern.memory.store.MemoryStore;
import io.cistern.server.http.JsonBodies;
import io.cistern.server.http.Problem;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard: {@code /} is a page that polls {@code /dashboard/data} every second and
 * charts request rate, latency, pool and limiter use, cache hit rate and health history. Every
 * other path under {@code /} is a 404 problem.
 */
public final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MemoryStore store;
    private final transient Readiness readiness;
    private final transient Timer requests;
    private final byte[] page;

    /**
     * @param store the store
     * @param readiness its probe
     * @param requests the overall request timer (with p50 and p99)
     */
    public DashboardServlet(MemoryStore store, Readiness readiness, Timer requests) {
        this.store = store;
        this.readiness = readiness;
        this.requests = requests;
        try (InputStream in = DashboardServlet.class.getResourceAsStream("dashboard.html")) {
            this.page = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the dashboard page is missing from the jar", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        if (path.equals("/")) {
            resp.setStatus(200);
            resp.setContentType("text/html; charset=utf-8");
            resp.setHeader("Cache-Control", "no-store");
            resp.getOutputStream().write(page);
        } else if (path.equals("/dashboard/data")) {
            JsonBodies.write(resp, 200, data());
        } else {
            Problem.of(404, "Not Found", "no resource at " + path + "; see /openapi.json for the API").write(req, resp);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            boolean known = req.getRequestURI().equals("/") || req.getRequestURI().equals("/dashboard/data");
            if (known) {
                resp.setHeader("Allow", "GET, HEAD");
                Problem.of(405, "Method Not Allowed", method + " " + req.getRequestURI() + " is not allowed; allowed: GET")
                        .write(req, resp);
            } else {
                Problem.of(404, "Not Found", "no resource at " + req.getRequestURI()).write(req, resp);
            }
            return;
        }
        super.service(req, resp);
    }

    private Map<String, Object> data() {
        Readiness.Sample now = readiness.check();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", System.currentTimeMillis());
        m.put("ready", now.ready());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", requests.count());
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : requests.takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        r.put("p50Millis", p50);
        r.put("p99Millis", p99);
        m.put("requests", r);
        m.put("health", StoreHealth.of(store));
        List<Map<String, Object>> history = readiness.history().stream()
                .map(s -> Map.<String, Object>of("at", s.at().toString(), "ready", s.ready())).toList();
        m.put("healthHistory", history);
        return m;
    }
}
