package no.budstikke.event;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The first pipeline stage: turns a publish request in any mode (structured, batch, binary, Altinn app) into
 * validated CloudEvents, refusing the whole request if any part of it is invalid or too large.
 */
public final class EventNormalizer {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    private static final Pattern APP_SOURCE = Pattern.compile(
            "https://([a-z0-9-]+)\\.apps\\.[^/]+/([a-z0-9-]+)/([a-z0-9-]+)/instances/(\\d+)/([0-9a-fA-F-]{36})");

    private final CloudEventCodec codec;
    private final EventValidator validator = new EventValidator();
    private final int maxEventBytes;
    private final int maxBatchBytes;

    public EventNormalizer(CloudEventCodec codec, int maxEventBytes, int maxBatchBytes) {
        this.codec = codec;
        this.maxEventBytes = maxEventBytes;
        this.maxBatchBytes = maxBatchBytes;
    }

    public List<CloudEvent> normalize(PublishInput input) {
        if (input.body().length > maxBatchBytes) {
            throw new EventTooLargeException("The request body is " + input.body().length
                    + " bytes; the limit is " + maxBatchBytes);
        }
        String mediaType = mediaType(input.contentType());
        if (input.appEvent()) {
            if (!STRUCTURED.equals(mediaType) && !"application/json".equals(mediaType)) {
                throw new UnsupportedContentTypeException("App events are sent as " + STRUCTURED);
            }
            return List.of(single(appEvent(codec.parse(input.body())), ""));
        }
        if (STRUCTURED.equals(mediaType)) {
            return List.of(single(codec.parse(input.body()), ""));
        }
        if (BATCH.equals(mediaType)) {
            return batch(codec.parse(input.body()));
        }
        if (input.ceHeaders().containsKey("specversion")) {
            return List.of(single(binary(input, mediaType), ""));
        }
        throw new UnsupportedContentTypeException("Send events as " + STRUCTURED + ", " + BATCH
                + ", or in binary mode with ce-* headers; got " + (mediaType == null ? "no content type" : mediaType));
    }

    private CloudEvent single(JsonNode node, String prefix) {
        List<FieldError> errors = validator.validate(node, prefix);
        if (!errors.isEmpty()) {
            throw new InvalidEventException("The event is not a valid CloudEvent", errors);
        }
        return sized(codec.toEvent((ObjectNode) node), prefix);
    }

    private List<CloudEvent> batch(JsonNode node) {
        if (!(node instanceof ArrayNode array)) {
            throw new InvalidEventException("A batch must be a JSON array of events",
                    List.of(new FieldError("$", "must be an array")));
        }
        if (array.isEmpty()) {
            throw new InvalidEventException("A batch must contain at least one event",
                    List.of(new FieldError("$", "must not be empty")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            errors.addAll(validator.validate(array.get(i), "[" + i + "]."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException("The batch contains invalid events; none was stored", errors);
        }
        List<CloudEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            events.add(sized(codec.toEvent((ObjectNode) array.get(i)), "[" + i + "]"));
        }
        return events;
    }

    private CloudEvent sized(CloudEvent event, String where) {
        int bytes = event.payload().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            throw new EventTooLargeException("The event" + (where.isEmpty() ? "" : " at " + where) + " is " + bytes
                    + " bytes; the limit is " + maxEventBytes);
        }
        return event;
    }

    /** Binary mode: attributes come from ce-* headers and the body is the data, kept in its own form. */
    private JsonNode binary(PublishInput input, String mediaType) {
        ObjectNode event = codec.mapper().createObjectNode();
        for (Map.Entry<String, String> header : input.ceHeaders().entrySet()) {
            event.put(header.getKey(), percentDecode(header.getKey(), header.getValue()));
        }
        if (input.contentType() != null && !event.has("datacontenttype")) {
            event.put("datacontenttype", input.contentType());
        }
        byte[] body = input.body();
        if (body.length > 0) {
            if (mediaType != null && (mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
                try {
                    event.set("data", codec.parse(body));
                } catch (InvalidEventException e) {
                    throw new InvalidEventException("The data is declared as JSON but is not valid JSON",
                            List.of(new FieldError("data", e.getMessage())));
                }
            } else if (mediaType != null && (mediaType.startsWith("text/") || mediaType.endsWith("/xml"))) {
                event.put("data", new String(body, StandardCharsets.UTF_8));
            } else {
                event.put("data_base64", java.util.Base64.getEncoder().encodeToString(body));
            }
        }
        return event;
    }

    /**
     * Altinn app events: the hub assigns id and time, derives the resource (and Altinn's {@code resourceinstance},
     * {@code {partyId}/{guid}}) from the app's source, and reads the request as Altinn's app library writes it: a
     * member set to null is left out, and {@code contenttype} is the data's content type.
     */
    private JsonNode appEvent(JsonNode node) {
        if (!(node instanceof ObjectNode event)) {
            throw new InvalidEventException("An app event must be a JSON object", List.of(new FieldError("$", "must be an object")));
        }
        event.properties().removeIf(member -> member.getValue().isNull());
        JsonNode contentType = event.remove("contenttype");
        if (contentType != null && !event.has("datacontenttype")) {
            event.set("datacontenttype", contentType);
        }
        JsonNode subject = event.get("subject");
        if (subject == null || !subject.isTextual() || subject.asText().isBlank()) {
            throw new InvalidEventException("An app event needs a subject, e.g. /party/50001234",
                    List.of(new FieldError("subject", "is required for app events")));
        }
        JsonNode source = event.get("source");
        Matcher matcher = source != null && source.isTextual() ? APP_SOURCE.matcher(source.asText()) : null;
        if (matcher == null || !matcher.matches() || !matcher.group(1).equals(matcher.group(2))) {
            throw new InvalidEventException("The app event's source is not an app instance URL",
                    List.of(new FieldError("source",
                            "must look like https://{org}.apps.{host}/{org}/{app}/instances/{partyId}/{guid}")));
        }
        String resource = "urn:altinn:resource:app_" + matcher.group(2) + "_" + matcher.group(3);
        JsonNode given = event.get("resource");
        if (given != null && !(given.isTextual() && given.asText().equals(resource))) {
            throw new InvalidEventException("The app event's resource does not match its source",
                    List.of(new FieldError("resource", "must be " + resource + " or left out")));
        }
        event.put("id", UUID.randomUUID().toString());
        event.put("time", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        event.put("resource", resource);
        event.put("resourceinstance", matcher.group(4) + "/" + matcher.group(5));
        if (!event.has("specversion")) {
            event.put("specversion", "1.0");
        }
        return event;
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** CloudEvents' HTTP binding percent-encodes header values outside printable ASCII. */
    private static String percentDecode(String attribute, String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        var out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < value.length()) {
            int percent = value.indexOf('%', i);
            int end = percent < 0 ? value.length() : percent;
            out.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= value.length() || Character.digit(value.charAt(percent + 1), 16) < 0
                    || Character.digit(value.charAt(percent + 2), 16) < 0) {
                throw new InvalidEventException("A header is badly percent-encoded",
                        List.of(new FieldError("ce-" + attribute, "has an invalid percent-encoding")));
            }
            out.write(Integer.parseInt(value, percent + 1, percent + 3, 16));
            i = percent + 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidEventException("A header is badly percent-encoded",
                    List.of(new FieldError("ce-" + attribute, "has an invalid percent-encoding (not UTF-8)")));
        }
    }
}
