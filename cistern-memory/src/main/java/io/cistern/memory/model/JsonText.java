package io.cistern.memory.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON is stored as text; this refuses text that is not JSON before it reaches the database. */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    static String require(String json, String name) {
        if (json == null) {
            return null;
        }
        try {
            MAPPER.readTree(json);
            return json;
        } catch (JsonProcessingException e) {
            String shown = json.length() > 60 ? json.substring(0, 60) + "..." : json;
            throw new IllegalArgumentException(name + " = '" + shown + "' is not allowed; allowed: JSON text ("
                    + e.getOriginalMessage() + ")", e);
        }
    }
}
