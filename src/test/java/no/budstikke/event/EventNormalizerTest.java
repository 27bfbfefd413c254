package no.budstikke.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventNormalizerTest {

    private static final String APP_SOURCE =
            "https://ttd.apps.altinn.no/ttd/demo/instances/123/6fb3f738-6800-4f29-9f3e-1c66862656cd";

    private final EventNormalizer normalizer = new EventNormalizer(new CloudEventCodec(), 2_000, 10_000);

    private static PublishInput structured(String json) {
        return new PublishInput(bytes(json), EventNormalizer.STRUCTURED, Map.of(), false);
    }

    private static PublishInput batch(String json) {
        return new PublishInput(bytes(json), EventNormalizer.BATCH, Map.of(), false);
    }

    private static PublishInput app(String json) {
        return new PublishInput(bytes(json), EventNormalizer.STRUCTURED, Map.of(), true);
    }

    private static PublishInput binary(byte[] body, String contentType, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("specversion", "1.0");
        headers.put("id", "b-1");
        headers.put("source", "urn:test:binary");
        headers.put("type", "test.binary");
        headers.put("resource", "urn:altinn:resource:test");
        headers.putAll(extraHeaders);
        return new PublishInput(body, contentType, headers, false);
    }

    private InvalidEventException refused(PublishInput input) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> normalizer.normalize(input));
        assertThat(e).as("the request is refused as invalid").isNotNull();
        return e;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String id) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"urn:test:source\",\"type\":\"test.created\","
                + "\"resource\":\"urn:altinn:resource:test\"}";
    }

    @Test
    void structuredEventBecomesOneEventWhosePayloadIsTheCompactInput() {
        String input = """
                {
                  "specversion": "1.0",
                  "id": "s-1",
                  "source": "urn:test:source",
                  "type": "test.created",
                  "resource": "urn:altinn:resource:test",
                  "data": {"amount": 1.10, "big": 12345678901234567890, "list": [1, 2.50]}
                }
                """;

        List<CloudEvent> events = normalizer.normalize(structured(input));

        assertThat(events).hasSize(1);
        CloudEvent event = events.get(0);
        assertThat(event.payload()).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"urn:test:source\","
                + "\"type\":\"test.created\",\"resource\":\"urn:altinn:resource:test\","
                + "\"data\":{\"amount\":1.10,\"big\":12345678901234567890,\"list\":[1,2.50]}}");
        assertThat(event.id()).isEqualTo("s-1");
        assertThat(event.resource()).isEqualTo("urn:altinn:resource:test");
        assertThat(event.contentHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void structuredContentTypeParametersAndCaseAreIgnored() {
        PublishInput input = new PublishInput(bytes(event("s-2")), "Application/CloudEvents+JSON; charset=utf-8",
                Map.of(), false);

        assertThat(normalizer.normalize(input)).extracting(CloudEvent::id).containsExactly("s-2");
    }

    @Test
    void invalidStructuredEventIsRefusedWithItsFieldErrors() {
        InvalidEventException e = refused(structured("{\"specversion\":\"1.0\",\"id\":\"x\"}"));

        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("type", "source", "resource");
    }

    @Test
    void batchBecomesEventsInTheOrderSent() {
        String input = "[" + event("b-3") + "," + event("b-1") + "," + event("b-2") + "]";

        List<CloudEvent> events = normalizer.normalize(batch(input));

        assertThat(events).extracting(CloudEvent::id).containsExactly("b-3", "b-1", "b-2");
    }

    @Test
    void batchWithAnInvalidEventAtIndexTwoIsRefusedNamingThatIndex() {
        String broken = event("b-2").replace("\"type\":\"test.created\",", "");
        String input = "[" + event("b-0") + "," + event("b-1") + "," + broken + "]";

        InvalidEventException e = refused(batch(input));

        assertThat(e).hasMessageContaining("none was stored");
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("[2].type");
        assertThat(e.errors()).allSatisfy(error -> assertThat(error.field()).startsWith("[2]."));
    }

    @Test
    void batchThatIsNotAnArrayIsRefused() {
        InvalidEventException e = refused(batch(event("x")));

        assertThat(e.errors()).containsExactly(new FieldError("$", "must be an array"));
    }

    @Test
    void emptyBatchIsRefused() {
        InvalidEventException e = refused(batch("[]"));

        assertThat(e.errors()).containsExactly(new FieldError("$", "must not be empty"));
    }

    @Test
    void binaryModeWithJsonBodyKeepsTheDataAsJson() {
        PublishInput input = binary(bytes("{\"amount\":1.10,\"n\":[1,2]}"), "application/json", Map.of());

        CloudEvent event = normalizer.normalize(input).get(0);

        assertThat(event.id()).isEqualTo("b-1");
        assertThat(event.json().get("data").isObject()).isTrue();
        assertThat(event.json().has("data_base64")).isFalse();
        assertThat(event.json().get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.payload()).contains("\"data\":{\"amount\":1.10,\"n\":[1,2]}");
    }

    @Test
    void binaryModeWithPlusJsonBodyKeepsTheDataAsJson() {
        PublishInput input = binary(bytes("[true]"), "application/vnd.test+json", Map.of());

        assertThat(normalizer.normalize(input).get(0).json().get("data").isArray()).isTrue();
    }

    @Test
    void binaryModeWithInvalidJsonBodyNamesTheData() {
        PublishInput input = binary(bytes("{not json"), "application/json", Map.of());

        InvalidEventException e = refused(input);

        assertThat(e).hasMessageContaining("declared as JSON");
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("data");
    }

    @Test
    void binaryModeWithTextBodyKeepsTheDataAsText() {
        PublishInput input = binary(bytes("hei på deg"), "text/plain; charset=utf-8", Map.of());

        CloudEvent event = normalizer.normalize(input).get(0);

        assertThat(event.json().get("data").isTextual()).isTrue();
        assertThat(event.json().get("data").asText()).isEqualTo("hei på deg");
        assertThat(event.json().has("data_base64")).isFalse();
        assertThat(event.json().get("datacontenttype").asText()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void binaryModeWithOctetStreamBodyBecomesDataBase64() {
        byte[] body = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        PublishInput input = binary(body, "application/octet-stream", Map.of());

        CloudEvent event = normalizer.normalize(input).get(0);

        assertThat(event.json().has("data")).isFalse();
        assertThat(Base64.getDecoder().decode(event.json().get("data_base64").asText())).isEqualTo(body);
    }

    @Test
    void binaryModeWithEmptyBodyHasNoData() {
        CloudEvent event = normalizer.normalize(binary(new byte[0], "application/json", Map.of())).get(0);

        assertThat(event.json().has("data")).isFalse();
        assertThat(event.json().has("data_base64")).isFalse();
    }

    @Test
    void binaryModeKeepsAnExplicitDatacontenttypeHeader() {
        PublishInput input = binary(bytes("x"), "text/plain", Map.of("datacontenttype", "text/csv"));

        assertThat(normalizer.normalize(input).get(0).json().get("datacontenttype").asText()).isEqualTo("text/csv");
    }

    @Test
    void binaryModeHeaderValuesArePercentDecoded() {
        PublishInput input = binary(bytes("x"), "text/plain", Map.of("subject", "caf%C3%A9", "note", "100%25%20sure"));

        CloudEvent event = normalizer.normalize(input).get(0);

        assertThat(event.subject()).isEqualTo("café");
        assertThat(event.json().get("note").asText()).isEqualTo("100% sure");
    }

    @Test
    void binaryModeBadPercentEncodingIsRefusedNamingTheHeader() {
        PublishInput input = binary(bytes("x"), "text/plain", Map.of("subject", "caf%C3%Z9"));

        InvalidEventException e = refused(input);

        assertThat(e.errors()).containsExactly(new FieldError("ce-subject", "has an invalid percent-encoding"));
    }

    @Test
    void binaryModeTruncatedPercentEncodingIsRefusedNamingTheHeader() {
        PublishInput input = binary(bytes("x"), "text/plain", Map.of("type", "test%4"));

        InvalidEventException e = refused(input);

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("ce-type");
    }

    @Test
    void binaryModeEventIsValidatedLikeAnyOther() {
        PublishInput input = binary(bytes("x"), "text/plain", Map.of("time", "not-a-time"));

        InvalidEventException e = refused(input);

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("time");
    }

    @Test
    void appEventGetsAssignedIdTimeAndDerivedResource() {
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        String input = "{\"source\":\"" + APP_SOURCE + "\",\"type\":\"app.instance.created\",\"subject\":\"/party/123\"}";

        CloudEvent event = normalizer.normalize(app(input)).get(0);

        assertThat(UUID.fromString(event.id())).isNotNull();
        assertThat(OffsetDateTime.parse(event.json().get("time").asText())).isBetween(before, OffsetDateTime.now().plusSeconds(1));
        assertThat(event.resource()).isEqualTo("urn:altinn:resource:app_ttd_demo");
        assertThat(event.json().get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.source()).isEqualTo(APP_SOURCE);
        assertThat(event.subject()).isEqualTo("/party/123");
    }

    @Test
    void appEventIdAndTimeSentByThePublisherAreReplaced() {
        String input = "{\"specversion\":\"1.0\",\"id\":\"mine\",\"time\":\"2000-01-01T00:00:00Z\",\"source\":\""
                + APP_SOURCE + "\",\"type\":\"app.instance.created\",\"subject\":\"/party/123\"}";

        CloudEvent event = normalizer.normalize(app(input)).get(0);

        assertThat(event.id()).isNotEqualTo("mine");
        assertThat(OffsetDateTime.parse(event.json().get("time").asText())).isCloseTo(OffsetDateTime.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void twoAppEventsGetDifferentIds() {
        String input = "{\"source\":\"" + APP_SOURCE + "\",\"type\":\"app.instance.created\",\"subject\":\"/party/123\"}";

        assertThat(normalizer.normalize(app(input)).get(0).id())
                .isNotEqualTo(normalizer.normalize(app(input)).get(0).id());
    }

    @Test
    void appEventThatNamesTheMatchingResourceIsAccepted() {
        String input = "{\"source\":\"" + APP_SOURCE + "\",\"type\":\"t\",\"subject\":\"/party/123\",\"resource\":\"urn:altinn:resource:app_ttd_demo\"}";

        assertThat(normalizer.normalize(app(input)).get(0).resource()).isEqualTo("urn:altinn:resource:app_ttd_demo");
    }

    @Test
    void appEventWithAMismatchedResourceIsRefused() {
        String input = "{\"source\":\"" + APP_SOURCE + "\",\"type\":\"t\",\"subject\":\"/party/123\",\"resource\":\"urn:altinn:resource:app_ttd_other\"}";

        InvalidEventException e = refused(app(input));

        assertThat(e).hasMessageContaining("does not match its source");
        assertThat(e.errors()).containsExactly(
                new FieldError("resource", "must be urn:altinn:resource:app_ttd_demo or left out"));
    }

    @Test
    void appEventAsAltinnsAppLibraryWritesItIsReadWithNullsLeftOutAndTheContentTypeMapped() {
        String input = "{\"id\":null,\"source\":\"" + APP_SOURCE + "\",\"specversion\":\"1.0\",\"type\":\"app.instance.created\","
                + "\"subject\":\"/party/123\",\"time\":\"2026-11-30T14:00:00.1234567Z\",\"alternativesubject\":null,"
                + "\"data\":null,\"dataschema\":null,\"contenttype\":\"application/xml\"}";

        CloudEvent event = normalizer.normalize(app(input)).get(0);

        assertThat(event.json().has("data")).isFalse();
        assertThat(event.json().has("alternativesubject")).isFalse();
        assertThat(event.json().has("contenttype")).isFalse();
        assertThat(event.json().get("datacontenttype").asText()).isEqualTo("application/xml");
        assertThat(event.json().get("resourceinstance").asText()).isEqualTo("123/6fb3f738-6800-4f29-9f3e-1c66862656cd");
    }

    @Test
    void appEventWithoutSubjectIsRefusedNamingTheSubject() {
        InvalidEventException e = refused(app("{\"source\":\"" + APP_SOURCE + "\",\"type\":\"t\",\"subject\":null}"));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("subject");
    }

    @Test
    void appEventWhoseSourceIsNotAnAppInstanceUrlIsRefused() {
        InvalidEventException e = refused(app("{\"source\":\"urn:test:source\",\"type\":\"t\",\"subject\":\"/party/123\"}"));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("source");
    }

    @Test
    void appEventWhoseHostOrgDiffersFromThePathOrgIsRefused() {
        String source = "https://skd.apps.altinn.no/ttd/demo/instances/123/6fb3f738-6800-4f29-9f3e-1c66862656cd";

        assertThatThrownBy(() -> normalizer.normalize(app("{\"source\":\"" + source + "\",\"type\":\"t\",\"subject\":\"/party/123\"}")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not an app instance URL");
    }

    @Test
    void appEventInAnotherContentTypeIsRefused() {
        PublishInput input = new PublishInput(bytes("{}"), "text/plain", Map.of(), true);

        assertThatThrownBy(() -> normalizer.normalize(input)).isInstanceOf(UnsupportedContentTypeException.class);
    }

    @Test
    void eventOverTheEventLimitIsTooLarge() {
        String input = event("big").replace("}", ",\"data\":\"" + "x".repeat(2_100) + "\"}");

        assertThatThrownBy(() -> normalizer.normalize(structured(input)))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageContaining("the limit is 2000");
    }

    @Test
    void eventOverTheLimitInABatchIsTooLargeNamingItsIndex() {
        String big = event("big").replace("}", ",\"data\":\"" + "x".repeat(2_100) + "\"}");

        assertThatThrownBy(() -> normalizer.normalize(batch("[" + event("ok") + "," + big + "]")))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageContaining("at [1]");
    }

    @Test
    void eventSizeIsCountedInUtf8Bytes() {
        // 1000 'å' are 1000 characters but 2000 bytes: under the limit counted in characters, over it in bytes.
        String input = event("multi").replace("}", ",\"data\":\"" + "å".repeat(1_000) + "\"}");
        assertThat(input.length()).isLessThan(2_000);

        assertThatThrownBy(() -> normalizer.normalize(structured(input))).isInstanceOf(EventTooLargeException.class);
    }

    @Test
    void requestOverTheBatchLimitIsTooLargeBeforeParsing() {
        byte[] body = new byte[10_001];

        assertThatThrownBy(() -> normalizer.normalize(new PublishInput(body, EventNormalizer.BATCH, Map.of(), false)))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageContaining("10001 bytes; the limit is 10000");
    }

    @Test
    void unsupportedContentTypeWithoutCeHeadersIsRefused() {
        PublishInput input = new PublishInput(bytes(event("x")), "application/xml", Map.of(), false);

        assertThatThrownBy(() -> normalizer.normalize(input))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessageContaining("got application/xml");
    }

    @Test
    void missingContentTypeWithoutCeHeadersIsRefused() {
        PublishInput input = new PublishInput(bytes(event("x")), null, Map.of(), false);

        assertThatThrownBy(() -> normalizer.normalize(input))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessageContaining("no content type");
    }
}
