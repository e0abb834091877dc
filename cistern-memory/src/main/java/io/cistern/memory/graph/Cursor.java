package io.cistern.memory.graph;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of the graph ends: the phase (entities, relations, search) and the last id read.
 * Opaque to clients, base64url of {@code phase:id}.
 */
record Cursor(char phase, long after) {

    static Cursor parse(String cursor, char... allowed) {
        if (cursor == null || cursor.isEmpty()) {
            return new Cursor(allowed[0], 0);
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon == 1) {
                char phase = text.charAt(0);
                long after = Long.parseLong(text.substring(2));
                for (char a : allowed) {
                    if (a == phase && after >= 0) {
                        return new Cursor(phase, after);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below, as every other malformed cursor
        }
        throw new IllegalArgumentException("cursor = '" + cursor + "' is not allowed; allowed: the nextCursor of a "
                + "previous page of the same call");
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((phase + ":" + after).getBytes(StandardCharsets.UTF_8));
    }
}
