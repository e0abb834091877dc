package io.cistern.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail: {@code application/problem+json} with type, title, status, detail
 * and instance. The detail names what was wrong and never echoes a token or password.
 *
 * @param status the HTTP status
 * @param title the status's short name
 * @param detail what was wrong, for people
 */
public record Problem(int status, String title, String detail) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return a problem */
    public static Problem of(int status, String title, String detail) {
        return new Problem(status, title, detail);
    }

    /** An error a route throws to answer with its problem. */
    public static final class Raised extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        /** @param problem the answer */
        public Raised(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }

        /** @return the answer */
        public Problem problem() {
            return problem;
        }
    }

    /** @return this problem, to throw */
    public Raised raise() {
        return new Raised(this);
    }

    /** Writes this problem as the response, unless the response has started already. */
    public void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        JSON.writeValue(response.getOutputStream(), body);
    }
}
