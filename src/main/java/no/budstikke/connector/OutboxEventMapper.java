package no.budstikke.connector;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.event.EventValidator;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;

/**
 * Maps an outbox row to the CloudEvent it stands for — id from the row id, so re-reading a row yields the same
 * event — and checks it as the hub will, so a row the hub would refuse is found (and parked) on its own instead of
 * failing the batch it came in.
 */
public final class OutboxEventMapper {

    /** The CloudEvent attributes a row's columns become, to name the column in a park reason. */
    private static final Map<String, String> COLUMNS = Map.of("id", "id", "type", "event_type", "subject", "subject",
            "time", "created", "data", "payload");

    /** A row's event, or why it cannot be one. */
    public record Mapping(ObjectNode event, String problem) {
    }

    private final CloudEventCodec codec;
    private final EventValidator validator = new EventValidator();
    private final String source;
    private final String resource;
    private final int maxEventBytes;

    public OutboxEventMapper(CloudEventCodec codec, String source, String resource, int maxEventBytes) {
        this.codec = codec;
        this.source = source;
        this.resource = resource;
        this.maxEventBytes = maxEventBytes;
    }

    public Mapping map(OutboxRow row) {
        ObjectNode event = codec.mapper().createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", Long.toString(row.id()));
        event.put("source", source);
        if (row.eventType() != null) {
            event.put("type", row.eventType());
        }
        event.put("resource", resource);
        if (row.subject() != null) {
            event.put("subject", row.subject());
        }
        if (row.created() != null) {
            event.put("time", row.created().withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (row.payload() != null) {
            try {
                event.set("data", codec.parse(row.payload().getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidEventException e) {
                return new Mapping(null, "payload is not valid JSON");
            }
        }
        List<FieldError> errors = validator.validate(event, "");
        if (!errors.isEmpty()) {
            return new Mapping(null, errors.stream()
                    .map(error -> COLUMNS.getOrDefault(error.field(), error.field()) + " " + error.message())
                    .collect(Collectors.joining("; ")));
        }
        int bytes = codec.write(event).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            return new Mapping(null, "the event would be " + bytes + " bytes; the hub's limit is " + maxEventBytes);
        }
        return new Mapping(event, null);
    }

    /** The row as kept with a park: its columns as JSON text. */
    public String describe(OutboxRow row) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", row.id());
        entry.put("event_type", row.eventType());
        entry.put("subject", row.subject());
        entry.put("payload", row.payload());
        entry.put("created", row.created() == null ? null : row.created().toString());
        try {
            return codec.mapper().writeValueAsString(entry);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("An outbox row could not be written as JSON", e);
        }
    }
}
