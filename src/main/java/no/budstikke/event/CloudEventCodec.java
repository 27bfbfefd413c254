package no.budstikke.event;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes CloudEvent JSON without changing any value: numbers keep their exact digits, duplicate keys
 * and trailing garbage are refused, and the content hash ignores attribute order.
 */
public final class CloudEventCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    public JsonNode parse(byte[] json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidEventException("The request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("The request body is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e));
        } catch (java.io.IOException e) {
            throw new InvalidEventException("The request body could not be read");
        }
    }

    /** Wraps a validated event: its stored text and its order-independent content hash. */
    public CloudEvent toEvent(ObjectNode json) {
        return new CloudEvent(json, write(json), hash(json));
    }

    public String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree could not be written", e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private String hash(JsonNode node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            var canonical = new java.io.ByteArrayOutputStream(512);
            try (JsonGenerator generator = mapper.getFactory().createGenerator(canonical)) {
                writeCanonical(node, generator);
            }
            return HexFormat.of().formatHex(digest.digest(canonical.toByteArray()));
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException("The content hash could not be computed", e);
        }
    }

    /** The event's JSON with every object's keys in sorted order, so attribute order does not change the hash. */
    private void writeCanonical(JsonNode node, JsonGenerator out) throws java.io.IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                writeCanonical(node.get(name), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(element, out);
            }
            out.writeEndArray();
        } else {
            mapper.writeTree(out, node);
        }
    }

    private static String locationOf(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
