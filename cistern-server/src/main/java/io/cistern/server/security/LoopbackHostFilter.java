package io.cistern.server.security;

import io.cistern.server.http.Problem;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection of a server bound to loopback: a page on another site that resolves its
 * own name to 127.0.0.1 could otherwise drive the server from a browser. Requests must name a
 * loopback host in {@code Host}, and an {@code Origin}, when sent, must be a loopback origin; else 403.
 */
public final class LoopbackHostFilter implements Filter {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String host = request.getHeader("Host");
        String origin = request.getHeader("Origin");
        if (host != null && !LOOPBACK.contains(hostName(host))) {
            Problem.of(403, "Forbidden", "Host '" + host + "' is not allowed; allowed: localhost, 127.0.0.1 or [::1] "
                    + "(this server listens on loopback only)").write(request, (HttpServletResponse) res);
            return;
        }
        if (origin != null && !origin.equals("null") && !isLoopbackOrigin(origin)) {
            Problem.of(403, "Forbidden", "Origin '" + origin + "' is not allowed; allowed: a loopback origin "
                    + "(this server listens on loopback only)").write(request, (HttpServletResponse) res);
            return;
        }
        chain.doFilter(req, res);
    }

    private static String hostName(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = URI.create(origin);
            String host = uri.getHost();
            return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT))
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
