package no.budstikke.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class CloudEventCodecTest {

    private final CloudEventCodec codec = new CloudEventCodec();

    private CloudEvent event(String json) {
        return codec.toEvent((ObjectNode) codec.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private String hash(String json) {
        return event(json).contentHash();
    }

    @Test
    void contentHashIgnoresAttributeOrderAtEveryLevel() {
        String a = """
                {"specversion":"1.0","id":"1","source":"s","type":"t","data":{"x":1,"y":[1,{"p":"q","r":"s"}]}}""";
        String b = """
                {"data":{"y":[1,{"r":"s","p":"q"}],"x":1},"type":"t","source":"s","id":"1","specversion":"1.0"}""";

        assertThat(hash(a)).isEqualTo(hash(b)).matches("[0-9a-f]{64}");
    }

    @Test
    void contentHashIgnoresWhitespace() {
        assertThat(hash("{\"id\":\"1\",\"n\":2}")).isEqualTo(hash("{\n  \"id\" : \"1\",\n  \"n\" : 2\n}"));
    }

    @Test
    void contentHashChangesWhenATopLevelValueChanges() {
        assertThat(hash("{\"id\":\"1\",\"type\":\"a\"}")).isNotEqualTo(hash("{\"id\":\"1\",\"type\":\"b\"}"));
    }

    @Test
    void contentHashChangesWhenANestedDataValueChanges() {
        assertThat(hash("{\"id\":\"1\",\"data\":{\"a\":{\"b\":[1,2,3]}}}"))
                .isNotEqualTo(hash("{\"id\":\"1\",\"data\":{\"a\":{\"b\":[1,2,4]}}}"));
    }

    @Test
    void contentHashChangesWhenArrayOrderChanges() {
        assertThat(hash("{\"data\":[1,2]}")).isNotEqualTo(hash("{\"data\":[2,1]}"));
    }

    @Test
    void contentHashChangesWhenAnAttributeIsAddedOrRemoved() {
        assertThat(hash("{\"id\":\"1\"}")).isNotEqualTo(hash("{\"id\":\"1\",\"subject\":\"/party/1\"}"));
    }

    @Test
    void contentHashDistinguishesNumbersWrittenWithDifferentDigits() {
        // The hub stores events exactly as received, so 1.1 and 1.10 are different content.
        assertThat(hash("{\"data\":1.1}")).isNotEqualTo(hash("{\"data\":1.10}"));
        assertThat(hash("{\"data\":1}")).isNotEqualTo(hash("{\"data\":1.0}"));
    }

    @Test
    void contentHashDistinguishesAStringFromANumber() {
        assertThat(hash("{\"data\":\"1\"}")).isNotEqualTo(hash("{\"data\":1}"));
    }

    @Test
    void contentHashDoesNotConfuseKeyBoundaries() {
        assertThat(hash("{\"a\":\"b,\\\"c\\\":d\"}")).isNotEqualTo(hash("{\"a\":\"b\",\"c\":\"d\"}"));
    }

    @Test
    void writtenPayloadKeepsExactDecimalsAndBigIntegers() {
        CloudEvent event = event("{\"price\":1.10,\"big\":12345678901234567890,\"tiny\":0.000001,\"neg\":-0.50}");

        assertThat(event.payload())
                .isEqualTo("{\"price\":1.10,\"big\":12345678901234567890,\"tiny\":0.000001,\"neg\":-0.50}");
    }

    @Test
    void writtenPayloadIsCompactAndKeepsAttributeOrder() {
        CloudEvent event = event("{ \"type\" : \"t\",\n \"id\" : \"1\" }");

        assertThat(event.payload()).isEqualTo("{\"type\":\"t\",\"id\":\"1\"}");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> codec.parse("{\"id\":\"1\",\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("Duplicate field 'id'");
    }

    @Test
    void duplicateKeysInNestedDataAreRefused() {
        assertThatThrownBy(() -> codec.parse("{\"data\":{\"a\":1,\"a\":2}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void trailingTokensAfterTheDocumentAreRefused() {
        assertThatThrownBy(() -> codec.parse("{\"id\":\"1\"} {\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void trailingGarbageAfterTheDocumentIsRefused() {
        assertThatThrownBy(() -> codec.parse("{\"id\":\"1\"}x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void commentsAreRefused() {
        assertThatThrownBy(() -> codec.parse("{/* no */\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> codec.parse("{\n\"id\": }".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("(line 2, column");
    }

    @Test
    void emptyBodyIsRefusedAsEmpty() {
        assertThatThrownBy(() -> codec.parse(new byte[0]))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("The request body is empty");
    }
}
