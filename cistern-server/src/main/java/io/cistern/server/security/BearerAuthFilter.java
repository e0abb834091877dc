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
import java.util.Optional;

/**
 * Resolves the caller's {@link Grant} from {@code Authorization: Bearer} and leaves it on the
 * request ({@link #GRANT}); answers 401 without a valid token. On {@code /mcp} it also answers 403
 * when the namespace of the {@code Cistern-Namespace} header is not granted (the API's routes check
 * their own namespaces). Without a token file every caller holds {@link Grant#EVERYTHING}.
 */
public final class BearerAuthFilter implements Filter {

    /** The request attribute holding the caller's grant. */
    public static final String GRANT = "cistern.grant";
    /** The header naming the namespace of an MCP connection. */
    public static final String NAMESPACE_HEADER = "Cistern-Namespace";
    /** The namespace of a caller that names none. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final Tokens tokens;

    /** @param tokens the accepted tokens, or null to let every caller in with every grant */
    public BearerAuthFilter(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<Grant> grant = tokens == null ? Optional.of(Grant.EVERYTHING) : presented(request).flatMap(tokens::grantOf);
        if (grant.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"cistern\"");
            Problem.of(401, "Unauthorized", request.getHeader("Authorization") == null
                    ? "this server needs a bearer token: send Authorization: Bearer <token>"
                    : "the bearer token is not one this server accepts").write(request, response);
            return;
        }
        if (request.getRequestURI().startsWith("/mcp")) {
            String namespace = namespaceOf(request);
            if (!grant.get().canRead(namespace)) {
                Problem.of(403, "Forbidden", "token '" + grant.get().name() + "' grants no access to namespace '"
                        + namespace + "'").write(request, response);
                return;
            }
        }
        request.setAttribute(GRANT, grant.get());
        chain.doFilter(request, response);
    }

    /** @return the MCP connection's namespace: its {@code Cistern-Namespace} header, or {@code default} */
    public static String namespaceOf(HttpServletRequest request) {
        String ns = request.getHeader(NAMESPACE_HEADER);
        return ns == null || ns.isBlank() ? DEFAULT_NAMESPACE : ns.strip();
    }

    private static Optional<String> presented(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
