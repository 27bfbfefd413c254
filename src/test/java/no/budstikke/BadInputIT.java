package no.budstikke;

import static no.budstikke.support.HubClient.BATCH;
import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed, oversized, mis-typed and unauthorized publish requests: every one is refused with the promised
 * status as problem+json, names what was wrong, stores nothing, and leaves the hub up and publishing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT extends HubIntegrationTest {

    private static final String EVENTS = "/events/api/v1/events";
    private static final String APP = "/events/api/v1/app";
    private static final String SKD = "urn:altinn:resource:skd-skattemelding";
    private static final String APP_SOURCE = "https://ttd.apps.altinn.no/ttd/demo/instances/50001234/"
            + "4a2d0f36-2c8e-4f3b-9b0e-6e1f2d3c4b5a";
    private static final String NOT_JSON = "not valid JSON";
    /** Every event any row sends carries this, so one look at the store proves none of them got in. */
    private static final String RUN = "badinput" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Who sends the request. */
    enum Caller {
        SKD("/org/skd"), TTD("/org/ttd"), NAV("/org/nav"), SKD_SUBSCRIBE_ONLY("/org/skd"), NONE(null), GARBAGE(null);

        final String identity;

        Caller(String identity) {
            this.identity = identity;
        }
    }

    record Request(String path, Caller caller, Map<String, String> headers, byte[] body) {
    }

    /**
     * What must come back: the status, and for a 400 a field that must be named in {@code errors[].field} (a
     * value ending in {@code .} or {@code ]} matches as a prefix) or a substring of {@code detail}.
     * {@code serverMayAnswer}: the servlet container itself may refuse the request, so only a 4xx is promised.
     */
    record Expect(int status, String field, String detail, boolean serverMayAnswer) {
    }

    record Row(String name, Function<String, Request> request, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> badRequests() {
        List<Row> rows = new ArrayList<>();

        // --- Broken JSON (structured mode) ---
        rows.add(row("truncated JSON", raw(STRUCTURED, m -> cut(json(valid(m)), 15)), detail(NOT_JSON)));
        rows.add(row("trailing JSON value", raw(STRUCTURED, m -> json(valid(m)) + " {\"x\":1}"), detail(NOT_JSON)));
        rows.add(row("trailing garbage text", raw(STRUCTURED, m -> json(valid(m)) + "garbage"), detail(NOT_JSON)));
        rows.add(row("duplicate key", raw(STRUCTURED,
                m -> json(valid(m)).replace("\"id\":\"" + m + "\"", "\"id\":\"" + m + "\",\"id\":\"" + m + "-2\"")),
                detail(NOT_JSON)));
        rows.add(row("empty body", raw(STRUCTURED, m -> ""), detail("empty")));
        rows.add(row("whitespace-only body", raw(STRUCTURED, m -> " \r\n\t "), detail("empty")));
        rows.add(row("JSON string, not an object", raw(STRUCTURED, m -> "\"" + m + "\""), field("$")));
        rows.add(row("JSON null", raw(STRUCTURED, m -> "null"), field("$")));
        rows.add(row("JSON number", raw(STRUCTURED, m -> "42"), field("$")));
        rows.add(row("JSON array in structured mode", raw(STRUCTURED, m -> "[" + json(valid(m)) + "]"), field("$")));
        rows.add(row("comment in JSON", raw(STRUCTURED, m -> "/* hi */" + json(valid(m))), detail(NOT_JSON)));
        rows.add(row("single-quoted JSON", raw(STRUCTURED, m -> json(valid(m)).replace('"', '\'')), detail(NOT_JSON)));
        rows.add(row("invalid UTF-8", m -> {
            String text = json(valid(m));
            int at = text.indexOf("\"type\"");
            return request(EVENTS, Caller.SKD, Map.of("Content-Type", STRUCTURED), concat(
                    text.substring(0, at) + "\"note\":\"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"," + text.substring(at)));
        }, detail(NOT_JSON)));
        rows.add(row("data nested 100000 deep", raw(STRUCTURED,
                m -> json(valid(m)).replace("\"data\":{", "\"data\":{\"deep\":" + "[".repeat(100_000)
                        + "]".repeat(100_000) + ",")), detail(NOT_JSON)));

        // --- Wrong types ---
        rows.add(row("specversion as number", structured(e -> e.put("specversion", 1.0)), field("specversion")));
        rows.add(row("id as number", structured(e -> e.put("id", 12345)), field("id")));
        rows.add(row("source as number", structured(e -> e.put("source", 42)), field("source")));
        rows.add(row("type as boolean", structured(e -> e.put("type", true)), field("type")));
        rows.add(row("resource as array", structured(e -> e.put("resource", List.of(SKD))), field("resource")));
        rows.add(row("time as number", structured(e -> e.put("time", 1767261600)), field("time")));
        rows.add(row("subject as object", structured(e -> e.put("subject", Map.of("org", "974760673"))),
                field("subject")));
        rows.add(row("data_base64 not a string", structured(e -> {
            e.remove("data");
            e.put("data_base64", 42);
        }), field("data_base64")));
        rows.add(row("extension as object", structured(e -> e.put("myext", Map.of("a", "b"))), field("myext")));
        rows.add(row("extension as array", structured(e -> e.put("myext", List.of("a", "b"))), field("myext")));
        rows.add(row("extension as null", structured(e -> e.put("myext", null)), field("myext")));
        rows.add(row("extension as decimal", structured(e -> e.put("myext", 1.5)), field("myext")));

        // --- Missing required attributes ---
        for (String attribute : List.of("specversion", "id", "source", "type", "resource")) {
            rows.add(row("missing " + attribute, structured(e -> e.remove(attribute)), field(attribute)));
            rows.add(row(attribute + " is JSON null", structured(e -> e.put(attribute, null)), field(attribute)));
        }

        // --- Wrong values ---
        rows.add(row("specversion 0.3", structured(e -> e.put("specversion", "0.3")), field("specversion")));
        rows.add(row("resource without urn: prefix",
                structured(e -> e.put("resource", "altinn:resource:skd-skattemelding")), field("resource")));
        rows.add(row("resource with a space",
                structured(e -> e.put("resource", "urn:altinn:resource:skd skattemelding")), field("resource")));
        rows.add(row("resource is a URL", structured(e -> e.put("resource", "https://altinn.no/skd")), field("resource")));
        rows.add(row("time without offset", structured(e -> e.put("time", "2026-01-01T10:00:00")), field("time")));
        rows.add(row("time with month 13", structured(e -> e.put("time", "2026-13-01T10:00:00Z")), field("time")));
        rows.add(row("time on 30 February", structured(e -> e.put("time", "2026-02-30T10:00:00Z")), field("time")));
        rows.add(row("time at hour 25", structured(e -> e.put("time", "2026-01-01T25:00:00Z")), field("time")));
        rows.add(row("time as plain date", structured(e -> e.put("time", "2026-01-01")), field("time")));
        rows.add(row("time is garbage", structured(e -> e.put("time", "yesterday at noon")), field("time")));
        rows.add(row("source with spaces", structured(e -> e.put("source", "urn:budstikke:bad source " + e.get("id"))),
                field("source")));
        rows.add(row("source URL with a space",
                structured(e -> e.put("source", "https://example.com/bad path/" + e.get("id"))), field("source")));
        rows.add(row("dataschema not a URI", structured(e -> e.put("dataschema", "not a uri")), field("dataschema")));
        rows.add(row("control character in id", structured(e -> e.put("id", e.get("id") + "\u0001")), field("id")));
        rows.add(row("newline in type", structured(e -> e.put("type", "no.budstikke\nbad")), field("type")));
        rows.add(row("DEL in subject", structured(e -> e.put("subject", "/organisation/97476\u007f0673")),
                field("subject")));
        rows.add(row("C1 control in extension", structured(e -> e.put("myext", "a\u0085b")), field("myext")));
        rows.add(row("upper-case attribute name", structured(e -> e.put("MyExt", "x")), field("MyExt")));
        rows.add(row("attribute name of 21 characters", structured(e -> e.put("abcdefghijklmnopqrstu", "x")),
                field("abcdefghijklmnopqrstu")));
        rows.add(row("attribute name with a dash", structured(e -> e.put("my-ext", "x")), field("my-ext")));
        rows.add(row("data and data_base64 both", structured(e -> e.put("data_base64", "aGVsbG8=")),
                field("data_base64")));
        rows.add(row("invalid base64", structured(e -> {
            e.remove("data");
            e.put("data_base64", "not base64!!");
        }), field("data_base64")));
        rows.add(row("id of 257 characters", structured(e -> e.put("id", pad((String) e.get("id"), 257))), field("id")));
        rows.add(row("type of 257 characters", structured(e -> e.put("type", pad("no.budstikke.", 257))), field("type")));
        for (String attribute : List.of("id", "source", "type", "resource", "subject")) {
            rows.add(row("empty " + attribute, structured(e -> e.put(attribute, "")), field(attribute)));
        }
        rows.add(row("SQL in id, bad time", structured(e -> {
            e.put("id", e.get("id") + "'; DROP TABLE event; --");
            e.put("time", "not-a-time");
        }), field("time")));
        rows.add(row("SQL in id, no type", structured(e -> {
            e.put("id", e.get("id") + "' OR '1'='1");
            e.remove("type");
        }), field("type")));

        // --- Batches ---
        rows.add(row("batch that is an object", raw(BATCH, m -> json(valid(m))), field("$")));
        rows.add(row("empty batch", raw(BATCH, m -> "[]"), field("$")));
        rows.add(row("batch whose [2] is invalid", batch(4, (i, e) -> {
            if (i == 2) {
                e.put("time", "2026-13-01T10:00:00Z");
            }
        }), field("[2].")));
        rows.add(row("batch whose [3] lacks an id", batch(4, (i, e) -> {
            if (i == 3) {
                e.remove("id");
            }
        }), field("[3].id")));
        rows.add(row("batch with a number at [1]", raw(BATCH, m -> "[" + json(valid(m)) + ",42]"), field("[1]")));
        rows.add(row("batch of a batch", raw(BATCH, m -> "[[" + json(valid(m)) + "]]"), field("[0]")));
        rows.add(row("truncated batch", raw(BATCH, m -> cut("[" + json(valid(m)) + "]", 3)), detail(NOT_JSON)));

        // --- Content types ---
        rows.add(row("text/plain", raw("text/plain", m -> json(valid(m))), status(415)));
        rows.add(row("application/xml without ce- headers", raw("application/xml", m -> "<event id=\"" + m + "\"/>"),
                status(415)));
        rows.add(row("application/json without ce- headers", raw("application/json", m -> json(valid(m))),
                status(415)));
        rows.add(row("form-encoded", raw("application/x-www-form-urlencoded", m -> "id=" + m + "&type=x"),
                status(415)));
        rows.add(row("no content type", m -> request(EVENTS, Caller.SKD, Map.of(), utf8(json(valid(m)))), status(415)));

        // --- Binary mode ---
        rows.add(row("binary: ce-specversion 0.3", binary(h -> h.put("ce-specversion", "0.3")), field("specversion")));
        rows.add(row("binary: no ce-id", binary(h -> h.remove("ce-id")), field("id")));
        rows.add(row("binary: bad percent-encoding in ce-subject", binary(h -> h.put("ce-subject", "/organisation/%zz")),
                field("ce-subject")));
        rows.add(row("binary: truncated percent-encoding in ce-subject", binary(h -> h.put("ce-subject", "abc%E")),
                field("ce-subject")));
        rows.add(row("binary: bad ce-time", binary(h -> h.put("ce-time", "2026-01-01 10:00")), field("time")));
        rows.add(row("binary: ce-resource without urn:", binary(h -> h.put("ce-resource", "skd-skattemelding")),
                field("resource")));
        rows.add(row("binary: invalid extension name", binary(h -> h.put("ce-my_ext", "x")), field("my_ext")));
        rows.add(row("binary: JSON data that is not JSON", m -> {
            Request ok = binary(h -> { }).apply(m);
            return request(ok.path(), ok.caller(), ok.headers(), utf8("{\"marker\":\"" + m + "\""));
        }, field("data")));

        // --- Sizes ---
        rows.add(row("event above 256 KiB", structured(e -> e.put("data", Map.of("blob", "x".repeat(300_000)))),
                status(413)));
        rows.add(row("body above 5 MiB", structured(e -> e.put("data", Map.of("blob", "x".repeat(5_600_000)))),
                status(413)));
        rows.add(row("batch whose [1] is above 256 KiB", raw(BATCH, m -> {
            Map<String, Object> big = valid(m + "-1");
            big.put("data", Map.of("blob", "x".repeat(300_000)));
            return "[" + json(valid(m + "-0")) + "," + json(big) + "]";
        }), new Expect(413, null, "[1]", false)));
        rows.add(row("batch above 5 MiB of small events", raw(BATCH, m -> {
            List<Object> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                Map<String, Object> event = valid(m + "-" + i);
                event.put("data", Map.of("blob", "x".repeat(230_000)));
                events.add(event);
            }
            return json(events);
        }), status(413)));
        rows.add(row("binary body above 256 KiB", m -> {
            Request ok = binary(h -> h.put("Content-Type", "application/octet-stream")).apply(m);
            return request(ok.path(), ok.caller(), ok.headers(), new byte[300_000]);
        }, status(413)));
        rows.add(row("100 KB header", m -> {
            Request ok = structured(e -> { }).apply(m);
            Map<String, String> headers = new LinkedHashMap<>(ok.headers());
            headers.put("X-Huge", "a".repeat(100_000));
            return request(ok.path(), ok.caller(), headers, ok.body());
        }, new Expect(400, null, null, true)));

        // --- Authentication and authorization ---
        rows.add(row("no token", as(Caller.NONE, structured(e -> { })), status(401)));
        rows.add(row("token that is not a JWT", as(Caller.GARBAGE, structured(e -> { })), status(401)));
        rows.add(row("token without the publish scope", as(Caller.SKD_SUBSCRIBE_ONLY, structured(e -> { })),
                status(403)));
        rows.add(row("/org/nav publishing to skd-skattemelding", as(Caller.NAV, structured(e -> { })), status(403)));
        rows.add(row("/org/skd publishing to another owner's resource",
                structured(e -> e.put("resource", "urn:altinn:resource:test-load")), status(403)));
        rows.add(row("/org/skd publishing to an unknown resource",
                structured(e -> e.put("resource", "urn:altinn:resource:no-such-resource")), status(403)));
        rows.add(row("batch with one forbidden event", batch(3, (i, e) -> {
            if (i == 1) {
                e.put("resource", "urn:altinn:resource:app_ttd_demo");
            }
        }), status(403)));

        // --- Altinn app events: POST /app ---
        rows.add(row("app: source is not an app instance URL",
                app(e -> e.put("source", "https://example.com/" + marker(e))), field("source")));
        rows.add(row("app: source is a URN", app(e -> e.put("source", "urn:budstikke:" + marker(e))), field("source")));
        rows.add(row("app: org in host and path differ",
                app(e -> e.put("source", APP_SOURCE.replace("/ttd/demo/", "/skd/demo/"))), field("source")));
        rows.add(row("app: no source", app(e -> e.remove("source")), field("source")));
        rows.add(row("app: source with a bad instance guid",
                app(e -> e.put("source", APP_SOURCE.substring(0, APP_SOURCE.lastIndexOf('/') + 1) + "not-a-guid")),
                field("source")));
        rows.add(row("app: resource that does not match the source",
                app(e -> e.put("resource", "urn:altinn:resource:app_ttd_other")), field("resource")));
        rows.add(row("app: no type", app(e -> e.remove("type")), field("type")));
        rows.add(row("app: specversion 0.3", app(e -> e.put("specversion", "0.3")), field("specversion")));
        rows.add(row("app: truncated JSON", m -> {
            Request ok = app(e -> { }).apply(m);
            return request(APP, Caller.TTD, ok.headers(), utf8(cut(new String(ok.body(), StandardCharsets.UTF_8), 5)));
        }, detail(NOT_JSON)));
        rows.add(row("app: JSON array", m -> {
            Request ok = app(e -> { }).apply(m);
            return request(APP, Caller.TTD, ok.headers(), utf8("[" + new String(ok.body(), StandardCharsets.UTF_8) + "]"));
        }, field("$")));
        rows.add(row("app: text/plain", m -> {
            Request ok = app(e -> { }).apply(m);
            return request(APP, Caller.TTD, Map.of("Content-Type", "text/plain"), ok.body());
        }, status(415)));
        rows.add(row("app: no token", as(Caller.NONE, app(e -> { })), status(401)));
        rows.add(row("app: publisher that does not own the app", as(Caller.SKD, app(e -> { })), status(403)));

        return rows.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRequests")
    void badRequestIsRefusedAndStoresNothing(Row row) {
        String marker = RUN + "-" + UUID.randomUUID().toString().substring(0, 8);
        Request request = row.request().apply(marker);
        Expect expect = row.expect();

        HttpResponse<String> response = hub.post(request.path(), token(request.caller()), request.headers(),
                request.body());

        String contentType = mediaType(response.headers().firstValue("Content-Type").orElse(""));
        boolean problemJson = contentType.equals("application/problem+json");
        if (expect.serverMayAnswer()) {
            // Tomcat may refuse this before the hub sees it, with its own error page: only a 4xx is promised.
            assertThat(response.statusCode()).as("status of %s", row).isBetween(400, 499);
        } else {
            assertThat(response.statusCode()).as("status of %s: %s", row, response.body()).isEqualTo(expect.status());
            assertThat(contentType).as("content type of %s", row).isEqualTo("application/problem+json");
        }
        if (problemJson) {
            JsonNode problem = HubClient.parse(response.body());
            assertThat(problem.path("status").asInt()).as("problem status of %s", row).isEqualTo(response.statusCode());
            assertThat(problem.path("detail").asText()).as("detail of %s", row).isNotBlank();
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            if (expect.field() != null) {
                assertThat(fields).as("errors[].field of %s: %s", row, response.body())
                        .anyMatch(field -> names(field, expect.field()));
                if (expect.field().startsWith("[")) {
                    assertThat(fields).as("only the bad batch entry is named in %s", response.body())
                            .allMatch(field -> names(field, expect.field()));
                }
            }
            if (expect.detail() != null) {
                assertThat(problem.path("detail").asText()).as("detail of %s", row).contains(expect.detail());
            }
        }
        assertThat(storedWith(marker)).as("events stored by %s", row).isZero();
    }

    @Order(2)
    @Test
    void hubIsStillUpAndPublishingAfterwards() {
        assertThat(storedWith(RUN)).as("events stored by any bad request").isZero();

        HttpResponse<String> readiness = hub.get(null, "/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);

        String id = "badinput-after-" + UUID.randomUUID();
        HttpResponse<String> created = hub.publish(hub.token("/org/skd"), STRUCTURED,
                HubClient.event(id, SKD, "/organisation/974760673"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);
        // The check every row relies on does see a stored event.
        assertThat(storedWith(id)).isEqualTo(1);
    }

    // --- Rows ---

    private static Row row(String name, Function<String, Request> request, Expect expect) {
        return new Row(name, request, expect);
    }

    private static Expect field(String field) {
        return new Expect(400, field, null, false);
    }

    private static Expect detail(String detail) {
        return new Expect(400, null, detail, false);
    }

    private static Expect status(int status) {
        return new Expect(status, null, null, false);
    }

    /** A valid event, marked: its id, source and data all carry the marker. */
    private static Map<String, Object> valid(String marker) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", marker);
        event.put("source", "urn:budstikke:badinput:" + marker);
        event.put("type", "no.budstikke.test.badinput");
        event.put("resource", SKD);
        event.put("subject", "/organisation/974760673");
        event.put("time", "2026-01-01T10:00:00Z");
        event.put("data", Map.of("marker", marker));
        return event;
    }

    private static String marker(Map<String, Object> event) {
        return String.valueOf(((Map<?, ?>) event.get("data")).get("marker"));
    }

    private static Function<String, Request> structured(Consumer<Map<String, Object>> change) {
        return marker -> {
            Map<String, Object> event = valid(marker);
            change.accept(event);
            return request(EVENTS, Caller.SKD, Map.of("Content-Type", STRUCTURED), utf8(json(event)));
        };
    }

    private static Function<String, Request> raw(String contentType, Function<String, String> body) {
        return marker -> request(EVENTS, Caller.SKD, Map.of("Content-Type", contentType), utf8(body.apply(marker)));
    }

    interface BatchChange {
        void accept(int index, Map<String, Object> event);
    }

    private static Function<String, Request> batch(int size, BatchChange change) {
        return marker -> {
            List<Object> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Map<String, Object> event = valid(marker + "-" + i);
                change.accept(i, event);
                events.add(event);
            }
            return request(EVENTS, Caller.SKD, Map.of("Content-Type", BATCH), utf8(json(events)));
        };
    }

    private static Function<String, Request> binary(Consumer<Map<String, String>> change) {
        return marker -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("ce-specversion", "1.0");
            headers.put("ce-id", marker);
            headers.put("ce-source", "urn:budstikke:badinput:" + marker);
            headers.put("ce-type", "no.budstikke.test.badinput");
            headers.put("ce-resource", SKD);
            headers.put("Content-Type", "application/json");
            change.accept(headers);
            return request(EVENTS, Caller.SKD, headers, utf8("{\"marker\":\"" + marker + "\"}"));
        };
    }

    /** An Altinn app event of ttd/demo, sent by /org/ttd; the hub assigns id, time and resource. */
    private static Function<String, Request> app(Consumer<Map<String, Object>> change) {
        return marker -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("specversion", "1.0");
            event.put("source", APP_SOURCE);
            event.put("type", "app.instance.created");
            event.put("subject", "/party/50001234");
            event.put("data", Map.of("marker", marker));
            change.accept(event);
            return request(APP, Caller.TTD, Map.of("Content-Type", STRUCTURED), utf8(json(event)));
        };
    }

    private static Function<String, Request> as(Caller caller, Function<String, Request> request) {
        return marker -> {
            Request original = request.apply(marker);
            return request(original.path(), caller, original.headers(), original.body());
        };
    }

    private static Request request(String path, Caller caller, Map<String, String> headers, byte[] body) {
        return new Request(path, caller, headers, body);
    }

    // --- Checks ---

    private String token(Caller caller) {
        return switch (caller) {
            case NONE -> null;
            case GARBAGE -> "not-a-jwt";
            case SKD_SUBSCRIBE_ONLY -> hub.token(caller.identity, List.of(SUBSCRIBE));
            default -> hub.token(caller.identity);
        };
    }

    /** Events whose id, source or stored JSON carry the marker. */
    private long storedWith(String marker) {
        String like = "%" + marker + "%";
        Long count = jdbc.queryForObject("SELECT count(*) FROM event WHERE id LIKE ? OR source LIKE ? OR payload LIKE ?",
                Long.class, like, like, like);
        return count == null ? 0 : count;
    }

    private static boolean names(String field, String expected) {
        return field.equals(expected) || ((expected.endsWith(".") || expected.endsWith("]")) && field.startsWith(expected));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    // --- Bytes ---

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String cut(String text, int chars) {
        return text.substring(0, text.length() - chars);
    }

    private static String pad(String text, int length) {
        return text + "x".repeat(length - text.length());
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(head));
        out.writeBytes(middle);
        out.writeBytes(utf8(tail));
        return out.toByteArray();
    }
}
