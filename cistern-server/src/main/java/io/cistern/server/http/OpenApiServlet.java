package io.cistern.server.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** {@code /openapi.json}: the OpenAPI 3 document of the API, kept beside this class. */
public final class OpenApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] document;

    /** Reads the document from the jar. */
    public OpenApiServlet() {
        try (InputStream in = OpenApiServlet.class.getResourceAsStream("openapi.json")) {
            this.document = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json is missing from the jar", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.getOutputStream().write(document);
    }
}
