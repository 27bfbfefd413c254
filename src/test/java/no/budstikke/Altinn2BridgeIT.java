package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Altinn 2 bridge ({@code connector-altinn2}): legacy XML posted by the bridging system becomes CloudEvents
 * exactly as fixtures/altinn2/README.md maps them, a list is stored all or nothing, and a bad document is refused
 * whole with a 400 problem naming what is wrong, storing nothing.
 */
class Altinn2BridgeIT extends HubIntegrationTest {

    private static final String ROUTE = "connector-altinn2";
    private static final String PATH = "/legacy/altinn2/events";
    private static final String NS = "urn:budstikke:altinn2:bridge:v1";
    private static final String BRIDGE = "/org/altinn2";
    private static final String SERVICE_5012 = "urn:altinn:altinn2:service:5012:3";
    private static final Map<String, String> XML = Map.of("Content-Type", "application/xml");

    @Autowired
    private CamelContext camel;

    @BeforeEach
    void startBridge() throws Exception {
        camel.getRouteController().startRoute(ROUTE);
    }

    @AfterEach
    void stopBridge() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
    }

    private static String fixture() {
        try (InputStream in = Altinn2BridgeIT.class.getResourceAsStream("/fixtures/altinn2/legacy-event.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String event(String id, String serviceCode, String edition) {
        return "<LegacyEvent><EventId>" + id + "</EventId><ServiceCode>" + serviceCode + "</ServiceCode>"
                + "<ServiceEditionCode>" + edition + "</ServiceEditionCode><EventType>FormSubmitted</EventType>"
                + "<ReporteeType>Person</ReporteeType><ReporteeNumber>01038712345</ReporteeNumber>"
                + "<ArchiveReference>AR-" + id + "</ArchiveReference><Created>2026-09-14T08:00:00Z</Created></LegacyEvent>";
    }

    private static String list(String... events) {
        return "<LegacyEvents xmlns=\"" + NS + "\">" + String.join("", events) + "</LegacyEvents>";
    }

    private static String newId() {
        return "a2-" + UUID.randomUUID();
    }

    private HttpResponse<String> post(String token, Map<String, String> headers, String xml) {
        return hub.post(PATH, token, headers, xml.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> postAsBridge(String xml) {
        return post(hub.token(BRIDGE), XML, xml);
    }

    private JsonNode stored(String source, String id) {
        List<String> payloads = jdbc.queryForList("SELECT payload FROM event WHERE source = ? AND id = ?", String.class,
                source, id);
        assertThat(payloads).as("stored events %s %s", source, id).hasSize(1);
        return HubClient.parse(payloads.get(0));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void fixtureIsPublishedAsTheCloudEventTheReadmeDescribes() {
        HttpResponse<String> response = postAsBridge(fixture());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode receipt = HubClient.parse(response.body());
        assertThat(receipt.get("id").asText()).isEqualTo("8f14e45f-ceea-467a-9b36-4b7b1c2d9a01");
        assertThat(receipt.get("source").asText()).isEqualTo("urn:altinn:altinn2:service:4936:1");

        JsonNode event = stored("urn:altinn:altinn2:service:4936:1", "8f14e45f-ceea-467a-9b36-4b7b1c2d9a01");
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("type").asText()).isEqualTo("altinn2.FormSubmitted");
        assertThat(event.get("resource").asText()).isEqualTo("urn:altinn:resource:se_4936_1");
        assertThat(event.get("subject").asText()).isEqualTo("/organisation/974760673");
        assertThat(event.get("time").asText()).isEqualTo("2026-09-14T10:15:30.000+02:00");
        assertThat(event.get("data")).isEqualTo(HubClient.parse("{\"archiveReference\":\"AR1234567\"}"));

        // The bridge may send a document again (it cannot know the first answer arrived): stored once.
        assertThat(postAsBridge(fixture()).statusCode()).isEqualTo(200);
        stored("urn:altinn:altinn2:service:4936:1", "8f14e45f-ceea-467a-9b36-4b7b1c2d9a01");
    }

    @Test
    void listIsStoredWholeWithPersonSubjects() {
        String first = newId();
        String second = newId();
        String third = newId();

        HttpResponse<String> response = postAsBridge(list(event(first, "5012", "3"), event(second, "5012", "3"),
                event(third, "4936", "1")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(HubClient.parse(response.body())).hasSize(3);
        assertThat(stored(SERVICE_5012, first).get("subject").asText()).isEqualTo("/person/01038712345");
        stored(SERVICE_5012, second);
        assertThat(stored("urn:altinn:altinn2:service:4936:1", third).get("resource").asText())
                .isEqualTo("urn:altinn:resource:se_4936_1");
    }

    @Test
    void listWithOneBadEventStoresNoneOfIt() {
        String good = newId();
        String bad = newId();

        HttpResponse<String> response = postAsBridge(list(event(good, "5012", "3"),
                event(bad, "5012", "3").replace("<ReporteeType>Person</ReporteeType>", "")));

        assertProblem(response, 400);
        JsonNode errors = HubClient.parse(response.body()).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("LegacyEvent[1].ReporteeType");
        assertThat(errors.get(0).get("message").asText()).isEqualTo("is required");
        assertThat(storedCount(SERVICE_5012, good)).isZero();
        assertThat(storedCount(SERVICE_5012, bad)).isZero();
    }

    @Test
    void listWithAServiceTheBridgeMayNotPublishForStoresNoneOfIt() {
        String allowed = newId();
        String denied = newId();

        HttpResponse<String> response = postAsBridge(list(event(allowed, "5012", "3"), event(denied, "9999", "1")));

        assertProblem(response, 403);
        assertThat(storedCount(SERVICE_5012, allowed)).isZero();
        assertThat(storedCount("urn:altinn:altinn2:service:9999:1", denied)).isZero();
    }

    record BadDocument(String name, String xml, String field, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadDocument> badDocuments() {
        String id = "a2-bad-" + UUID.randomUUID();
        String one = fixture().replace("8f14e45f-ceea-467a-9b36-4b7b1c2d9a01", id);
        return Stream.of(
                new BadDocument("not XML", "{\"EventId\":\"" + id + "\"}", "$", "is not well-formed XML"),
                new BadDocument("cut off", one.substring(0, one.length() - 20), "$", "is not well-formed XML"),
                new BadDocument("wrong namespace", one.replace(NS, "urn:budstikke:altinn2:bridge:v2"), "$",
                        "namespace " + NS),
                new BadDocument("no namespace", one.replace(" xmlns=\"" + NS + "\"", ""), "$", "namespace " + NS),
                new BadDocument("missing ServiceCode", one.replace("<ServiceCode>4936</ServiceCode>", ""),
                        "ServiceCode", "is required"),
                new BadDocument("empty ArchiveReference", one.replace("AR1234567", " "), "ArchiveReference", "is required"),
                new BadDocument("unknown ReporteeType", one.replace(">Organisation<", ">Company<"), "ReporteeType",
                        "must be Organisation or Person"),
                new BadDocument("organisation number too short", one.replace("974760673", "97476067"), "ReporteeNumber",
                        "organisation number of 9 digits"),
                new BadDocument("Created without offset", one.replace("2026-09-14T10:15:30.000+02:00", "2026-09-14T10:15:30"),
                        "Created", "with an offset"),
                new BadDocument("ServiceCode not a number", one.replace(">4936<", ">SKD-4936<"), "ServiceCode",
                        "must be a number"),
                new BadDocument("unknown element", one.replace("</LegacyEvent>", "<Priority>high</Priority></LegacyEvent>"),
                        "Priority", "is not an element of LegacyEvent"),
                new BadDocument("XXE: external entity", "<?xml version=\"1.0\"?><!DOCTYPE LegacyEvent [<!ENTITY xxe SYSTEM "
                        + "\"file:///etc/passwd\">]>" + one.replaceAll("<\\?xml[^>]*>", "").replace("AR1234567", "&xxe;"),
                        "$", "must not declare a DOCTYPE"),
                new BadDocument("XXE: external DTD", "<?xml version=\"1.0\"?><!DOCTYPE LegacyEvent SYSTEM "
                        + "\"http://127.0.0.1:1/evil.dtd\">" + one.replaceAll("<\\?xml[^>]*>", ""),
                        "$", "must not declare a DOCTYPE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void badDocumentIsRefusedWholeNamingWhatIsWrong(BadDocument bad) {
        long before = storedCountForResource("urn:altinn:resource:se_4936_1");

        HttpResponse<String> response = postAsBridge(bad.xml());

        assertProblem(response, 400);
        JsonNode problem = HubClient.parse(response.body());
        assertThat(problem.get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asText()).isEqualTo(bad.field());
            assertThat(error.get("message").asText()).contains(bad.message());
        });
        assertThat(response.body()).as("no file content read through an entity").doesNotContain("root:");
        assertThat(storedCountForResource("urn:altinn:resource:se_4936_1")).isEqualTo(before);
    }

    @Test
    void callerMustHoldAPublishTokenAndSendXml() {
        String id = newId();
        String xml = list(event(id, "5012", "3"));

        assertProblem(post(null, XML, xml), 401);
        assertProblem(post(hub.token(BRIDGE, List.of(HubClient.SUBSCRIBE)), XML, xml), 403);
        assertProblem(post(hub.token(BRIDGE), Map.of("Content-Type", "application/json"), xml), 415);
        // A publisher the policy does not name for the service may not bridge for it.
        assertProblem(post(hub.token("/org/nav"), XML, xml), 403);
        assertThat(storedCount(SERVICE_5012, id)).isZero();
    }

    @Test
    void bridgeRefusalsAndCommitsAreCountedUnderItsOwnDoor() {
        double invalid = counted("budstikke_events_rejected_total", "invalid");
        double forbidden = counted("budstikke_events_rejected_total", "forbidden");
        double unsupported = counted("budstikke_events_rejected_total", "unsupported-media-type");
        double accepted = counted("budstikke_events_accepted_total", null);

        assertProblem(postAsBridge("{\"not\":\"xml\"}"), 400);
        assertProblem(postAsBridge(list(event(newId(), "9999", "1"))), 403);
        assertProblem(post(hub.token(BRIDGE), Map.of("Content-Type", "application/json"), list(event(newId(), "5012", "3"))),
                415);
        assertThat(postAsBridge(list(event(newId(), "5012", "3"), event(newId(), "5012", "3"))).statusCode())
                .isEqualTo(201);

        assertThat(counted("budstikke_events_rejected_total", "invalid")).isEqualTo(invalid + 1);
        assertThat(counted("budstikke_events_rejected_total", "forbidden")).isEqualTo(forbidden + 1);
        assertThat(counted("budstikke_events_rejected_total", "unsupported-media-type")).isEqualTo(unsupported + 1);
        assertThat(counted("budstikke_events_accepted_total", null)).isEqualTo(accepted + 2);
    }

    /** A counter of the bridge's door, for one reason when given. */
    private double counted(String name, String reason) {
        String door = "door=\"" + ROUTE + "\"";
        return reason == null ? hub.metric(name, door) : hub.metric(name, door, "reason=\"" + reason + "\"");
    }

    @Test
    void bridgeIsOffUntilEnabledAndAcceptsNothingWhileStopped() throws Exception {
        assertThat(camel.getRoute(ROUTE).isAutoStartup()).as("budstikke.connectors.altinn2.enabled defaults to false")
                .isFalse();
        camel.getRouteController().stopRoute(ROUTE);
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
        String id = newId();

        HttpResponse<String> response = postAsBridge(list(event(id, "5012", "3")));

        assertThat(response.statusCode()).as(response.body()).isIn(404, 500);
        assertThat(storedCount(SERVICE_5012, id)).isZero();
    }
}
