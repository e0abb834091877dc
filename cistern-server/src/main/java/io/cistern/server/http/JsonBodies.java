package io.cistern.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Request and response bodies as JSON, with the size and media-type checks a client expects. */
public final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest rejected body still read to its end before the 413. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private JsonBodies() {
    }

    /**
     * @param request a request that must carry a JSON object
     * @param maxBytes the largest body
     * @return the object
     * @throws Problem.Raised 415 if it is not {@code application/json}, 413 if it is larger than
     *     {@code maxBytes}, 400 if it is not one JSON object
     */
    public static JsonNode readObject(HttpServletRequest request, int maxBytes) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw Problem.of(415, "Unsupported Media Type", "Content-Type = " + (type == null ? "none" : "'" + type + "'")
                    + " is not allowed; allowed: application/json").raise();
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            if (declared <= DRAIN_LIMIT) {
                // read and drop it: a client still sending would otherwise see the connection reset
                // instead of the 413 (a larger one should send Expect: 100-continue)
                try (InputStream in = request.getInputStream()) {
                    drain(in);
                }
            }
            throw tooLarge(declared, maxBytes);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                drain(in);
            }
        }
        if (body.length > maxBytes) {
            throw tooLarge(body.length, maxBytes);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.of(400, "Bad Request", "the body is not valid JSON: " + e.getOriginalMessage()).raise();
        }
        if (node == null || !node.isObject()) {
            throw Problem.of(400, "Bad Request", "the body is not allowed; allowed: one JSON object").raise();
        }
        return node;
    }

    /** Writes {@code value} as the JSON response with {@code status}. */
    public static void write(HttpServletResponse response, int status, Object value) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), value);
    }

    /** @return the mapper, for converting bodies into maps */
    static ObjectMapper mapper() {
        return JSON;
    }

    /** Reads and drops what is left, up to {@link #DRAIN_LIMIT}. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = DRAIN_LIMIT;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static Problem.Raised tooLarge(long bytes, int max) {
        return Problem.of(413, "Content Too Large", "a body of " + bytes + " bytes is not allowed; allowed: at most "
                + max + " bytes").raise();
    }
}
