package io.cistern.memory.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cistern.memory.model.EdgeKind;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import java.io.IOException;
import java.time.Instant;

/**
 * Node payloads and edge properties as JSON text. Times are epoch milliseconds (the model keeps
 * milliseconds), which spares the jsr310 module; the kind column chooses the record to read into.
 */
final class JsonCodec {

    private final ObjectMapper mapper;

    JsonCodec() {
        SimpleModule instants = new SimpleModule("cistern-instants");
        instants.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(value.toEpochMilli());
            }
        });
        instants.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Instant.ofEpochMilli(p.getLongValue());
            }
        });
        // Derived accessors (kind(), sessionId() defaults, total()) are not written, and are ignored on read.
        mapper = new ObjectMapper()
                .registerModule(instants)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MemoryStoreException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    Node readNode(String kindCode, String json) {
        NodeKind kind = NodeKind.fromCode(kindCode);
        return read(json, kind.type());
    }

    EdgeProperties readProperties(String kindCode, String json) {
        EdgeKind kind = EdgeKind.fromCode(kindCode);
        return read(json, kind.type());
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MemoryStoreException("stored JSON is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
