package no.budstikke.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EventValidatorTest {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    private final EventValidator validator = new EventValidator();

    private static ObjectNode fixture(String name) {
        try (InputStream in = EventValidatorTest.class.getResourceAsStream("/fixtures/events/" + name)) {
            assertThat(in).as("fixture %s on the classpath", name).isNotNull();
            return (ObjectNode) CODEC.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode minimal() {
        return (ObjectNode) CODEC.parse("""
                {"specversion":"1.0","id":"e-1","source":"urn:test:source","type":"test.created",
                 "resource":"urn:altinn:resource:test"}""".getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-instance-created.json", "external-dodsbo.json"})
    void realAltinnEventsValidateWithoutErrors(String name) {
        assertThat(validator.validate(fixture(name), "")).isEmpty();
    }

    @Test
    void minimalEventWithOnlyRequiredAttributesIsValid() {
        assertThat(validator.validate(minimal(), "")).isEmpty();
    }

    @Test
    void extensionsOfStringIntegerAndBooleanAreValid() {
        ObjectNode event = minimal();
        event.put("partition", "a").put("attempt", 3).put("urgent", true);

        assertThat(validator.validate(event, "")).isEmpty();
    }

    @Test
    void binaryDataAsValidBase64IsValid() {
        ObjectNode event = minimal();
        event.put("data_base64", "aGVsbG8=");

        assertThat(validator.validate(event, "")).isEmpty();
    }

    @Test
    void lowerCaseTimeSeparatorsAndOffsetsAreAccepted() {
        ObjectNode event = minimal();
        event.put("time", "2024-05-01t10:00:00+02:00");

        assertThat(validator.validate(event, "")).isEmpty();
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                invalid("specversion missing", e -> e.remove("specversion"), "specversion", "is required"),
                invalid("specversion 0.3", e -> e.put("specversion", "0.3"), "specversion", "must be the string \"1.0\""),
                invalid("specversion as number", e -> e.put("specversion", 1.0), "specversion", "must be the string \"1.0\""),
                invalid("id missing", e -> e.remove("id"), "id", "is required"),
                invalid("id null", e -> e.putNull("id"), "id", "is required"),
                invalid("id empty", e -> e.put("id", ""), "id", "must not be empty"),
                invalid("id as number", e -> e.put("id", 42), "id", "must be a string"),
                invalid("id too long", e -> e.put("id", "x".repeat(257)), "id", "is longer than 256 characters"),
                invalid("type missing", e -> e.remove("type"), "type", "is required"),
                invalid("type with control character", e -> e.put("type", "a\nb"), "type", "must not contain control characters"),
                invalid("source missing", e -> e.remove("source"), "source", "is required"),
                invalid("source with space", e -> e.put("source", "not a uri"), "source", "must be a URI-reference"),
                invalid("resource missing", e -> e.remove("resource"), "resource", "is required"),
                invalid("resource not a URN", e -> e.put("resource", "skd-skattemelding"), "resource", "must be a URN"),
                invalid("time without offset", e -> e.put("time", "2024-05-01T10:00:00"), "time", "RFC 3339"),
                invalid("time on impossible date", e -> e.put("time", "2024-02-30T10:00:00Z"), "time", "RFC 3339"),
                invalid("subject as object", e -> e.putObject("subject"), "subject", "must be a string"),
                invalid("alternativesubject too long", e -> e.put("alternativesubject", "/p/" + "1".repeat(510)),
                        "alternativesubject", "is longer than 512 characters"),
                invalid("dataschema not a URI", e -> e.put("dataschema", "http://x y"), "dataschema", "must be a URI"),
                invalid("affectedentityuri not a URI", e -> e.put("affectedentityuri", "a b"), "affectedentityuri", "must be a URI"),
                invalid("data and data_base64 together", e -> e.put("data", "x").put("data_base64", "eA=="),
                        "data_base64", "must not be given together with data"),
                invalid("data_base64 not base64", e -> e.put("data_base64", "***"), "data_base64", "is not valid base64"),
                invalid("data_base64 as number", e -> e.put("data_base64", 5), "data_base64", "must be a base64 string"),
                invalid("extension with upper case", e -> e.put("myExt", "v"), "myExt", "is not a valid attribute name"),
                invalid("extension name over 20 characters", e -> e.put("a".repeat(21), "v"), "a".repeat(21),
                        "is not a valid attribute name"),
                invalid("extension as float", e -> e.put("weight", 1.5), "weight", "an extension must be a string, an integer or a boolean"),
                invalid("extension as object", e -> e.putObject("meta"), "meta", "an extension must be a string, an integer or a boolean"),
                invalid("extension string too long", e -> e.put("note", "n".repeat(2049)), "note", "is longer than 2048 characters"));
    }

    private static Arguments invalid(String name, Consumer<ObjectNode> breaking, String field, String message) {
        return Arguments.of(name, breaking, field, message);
    }

    @ParameterizedTest(name = "{0} is refused naming {2}")
    @MethodSource("invalidEvents")
    void invalidEventIsRefusedNamingTheField(String name, Consumer<ObjectNode> breaking, String field, String message) {
        ObjectNode event = minimal();
        breaking.accept(event);

        List<FieldError> errors = validator.validate(event, "");

        assertThat(errors).as(name).hasSize(1);
        assertThat(errors.get(0).field()).isEqualTo(field);
        assertThat(errors.get(0).message()).contains(message);
    }

    @Test
    void everyBadFieldIsReportedNotOnlyTheFirst() {
        ObjectNode event = minimal();
        event.remove("id");
        event.put("time", "yesterday");
        event.put("resource", "nope");

        assertThat(fields(validator.validate(event, ""))).containsExactlyInAnyOrder("id", "time", "resource");
    }

    @Test
    void fieldNamesCarryThePrefix() {
        ObjectNode event = minimal();
        event.remove("type");

        assertThat(fields(validator.validate(event, "[4]."))).containsExactly("[4].type");
    }

    @Test
    void nonObjectIsRefusedAsAWhole() {
        JsonNode array = CODEC.parse("[1]".getBytes(StandardCharsets.UTF_8));

        assertThat(validator.validate(array, "")).containsExactly(new FieldError("$", "an event must be a JSON object"));
        assertThat(validator.validate(array, "[1].")).extracting(FieldError::field).containsExactly("[1]");
    }

    @Test
    void controlCharactersInAnInvalidAttributeNameAreNotEchoed() {
        ObjectNode event = minimal();
        event.put("bad\u0007name", "v");

        assertThat(fields(validator.validate(event, ""))).containsExactly("bad?name");
    }
}
