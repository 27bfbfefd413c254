package no.budstikke;

import static no.budstikke.support.HubClient.BATCH;
import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/** Publish in every mode, then read back over the query API exactly what was sent. */
class PublishAndQueryIT extends HubIntegrationTest {

    private static final String SKD = "urn:altinn:resource:skd-skattemelding";

    @Test
    void structuredEventIsStoredExactlyAsSentAndReadBack() {
        String token = hub.token("/org/skd");
        String id = newId();
        String body = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"urn:skd:test\",\"type\":\"skattemelding.innsendt\","
                + "\"resource\":\"" + SKD + "\",\"subject\":\"/organisation/974760673\",\"time\":\"2020-02-20T08:00:06.4014168Z\","
                + "\"myext\":\"x\",\"data\":{\"amount\":1.10,\"big\":12345678901234567890,\"list\":[1,\"æøå\"]}}";

        HttpResponse<String> created = hub.publish(token, STRUCTURED, body);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode receipt = parse(created.body());
        assertThat(receipt.get("id").asText()).isEqualTo(id);
        assertThat(receipt.get("source").asText()).isEqualTo("urn:skd:test");
        assertThat(receipt.get("registeredTime").asText()).endsWith("Z");
        List<String> stored = readAll(token, SKD, id);
        assertThat(stored).containsExactly(body);
    }

    @Test
    void resendingTheSameEventAnswers200WithTheOriginalRegistrationAndStoresNothing() {
        String token = hub.token("/org/skd");
        String id = newId();
        String body = event(id, SKD, "/organisation/974760673");
        HttpResponse<String> first = hub.publish(token, STRUCTURED, body);
        // Same content, attributes in another order: still the same event.
        JsonNode reordered = parse(body);
        String again = "{\"data\":" + reordered.get("data") + ",\"id\":\"" + id + "\",\"specversion\":\"1.0\","
                + "\"source\":\"urn:budstikke:test\",\"type\":\"no.budstikke.test.created\",\"resource\":\"" + SKD + "\","
                + "\"subject\":\"/organisation/974760673\",\"time\":\"2026-01-01T10:00:00Z\"}";

        HttpResponse<String> second = hub.publish(token, STRUCTURED, again);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(parse(second.body()).get("registeredTime")).isEqualTo(parse(first.body()).get("registeredTime"));
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);
    }

    @Test
    void sameSourceAndIdWithOtherContentIsAConflict() {
        String token = hub.token("/org/skd");
        String id = newId();
        hub.publish(token, STRUCTURED, event(id, SKD, "/organisation/974760673"));

        HttpResponse<String> conflict = hub.publish(token, STRUCTURED, event(id, SKD, "/organisation/999999999"));

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);
    }

    @Test
    void batchIsStoredWholeInOrderAndAnsweredWithAnArray() {
        String token = hub.token("/org/skd");
        List<String> ids = List.of(newId(), newId(), newId());
        String batch = "[" + String.join(",", ids.stream().map(i -> event(i, SKD, null)).toList()) + "]";

        HttpResponse<String> created = hub.publish(token, BATCH, batch);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode receipts = parse(created.body());
        assertThat(receipts.isArray()).isTrue();
        assertThat(receipts).extracting(r -> r.get("id").asText()).containsExactlyElementsOf(ids);
        ids.forEach(i -> assertThat(storedCount("urn:budstikke:test", i)).isEqualTo(1));
    }

    @Test
    void batchWithOneConflictingEventStoresNothing() {
        String token = hub.token("/org/skd");
        String existing = newId();
        hub.publish(token, STRUCTURED, event(existing, SKD, "/organisation/974760673"));
        String fresh = newId();
        String batch = "[" + event(fresh, SKD, null) + "," + event(existing, SKD, "/organisation/111111111") + "]";

        HttpResponse<String> response = hub.publish(token, BATCH, batch);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(storedCount("urn:budstikke:test", fresh)).isZero();
    }

    @Test
    void batchWithOneInvalidEventNamesItsIndexAndStoresNothing() {
        String token = hub.token("/org/skd");
        String fresh = newId();
        String batch = "[" + event(fresh, SKD, null) + ",{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\"}]";

        HttpResponse<String> response = hub.publish(token, BATCH, batch);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).get("errors").get(0).get("field").asText()).isEqualTo("[1].resource");
        assertThat(storedCount("urn:budstikke:test", fresh)).isZero();
    }

    @Test
    void binaryModeKeepsJsonDataAsJsonAndOtherDataAsBase64() {
        String token = hub.token("/org/skd");
        String jsonId = newId();
        String binId = newId();
        Map<String, String> headers = Map.of("ce-specversion", "1.0", "ce-id", jsonId, "ce-source", "urn:skd:binary",
                "ce-type", "binary.json", "ce-resource", SKD, "ce-subject", "/organisation/974760673",
                "ce-note", "caf%C3%A9", "Content-Type", "application/json");

        HttpResponse<String> json = hub.post("/events/api/v1/events", token, headers, "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> bytes = hub.post("/events/api/v1/events", token,
                Map.of("ce-specversion", "1.0", "ce-id", binId, "ce-source", "urn:skd:binary", "ce-type", "binary.octets",
                        "ce-resource", SKD, "Content-Type", "application/octet-stream"),
                new byte[] {0, 1, 2, (byte) 255});

        assertThat(json.statusCode()).isEqualTo(201);
        assertThat(bytes.statusCode()).isEqualTo(201);
        JsonNode storedJson = parse(readAll(token, SKD, jsonId).get(0));
        assertThat(storedJson.get("data").toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(storedJson.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(storedJson.get("note").asText()).isEqualTo("café");
        JsonNode storedBytes = parse(readAll(token, SKD, binId).get(0));
        assertThat(storedBytes.get("data_base64").asText()).isEqualTo("AAEC/w==");
    }

    @Test
    void appEventGetsIdTimeAndResourceFromTheHubAndIsQueryableByApp() {
        String token = hub.token("/org/ttd");
        String source = "https://ttd.apps.altinn.no/ttd/demo/instances/50001234/" + java.util.UUID.randomUUID();
        String body = "{\"specversion\":\"1.0\",\"source\":\"" + source + "\",\"type\":\"app.instance.created\","
                + "\"subject\":\"/party/50001234\",\"alternativesubject\":\"/person/01038712345\"}";

        HttpResponse<String> created = hub.post("/events/api/v1/app", token, Map.of("Content-Type", STRUCTURED), body.getBytes(StandardCharsets.UTF_8));

        assertThat(created.statusCode()).isEqualTo(201);
        String id = parse(created.body()).asText();
        HttpResponse<String> page = hub.get(token, "/events/api/v1/app/ttd/demo?party=50001234&after=0");
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode events = parse(page.body());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("id").asText()).isEqualTo(id);
            assertThat(e.get("resource").asText()).isEqualTo("urn:altinn:resource:app_ttd_demo");
            assertThat(e.get("time").asText()).isNotEmpty();
        });
        HttpResponse<String> party = hub.get(token, "/events/api/v1/app/party?party=50001234&after=0");
        assertThat(parse(party.body())).anySatisfy(e -> assertThat(e.get("id").asText()).isEqualTo(id));
        HttpResponse<String> otherApp = hub.get(token, "/events/api/v1/app/ttd/other?party=50001234&after=0");
        assertThat(parse(otherApp.body())).noneSatisfy(e -> assertThat(e.get("id").asText()).isEqualTo(id));
    }

    @Test
    void filtersNarrowTheQuery() {
        String token = hub.token("/org/skd");
        String subject = "/organisation/" + (100000000 + (int) (Math.random() * 899999999));
        String a = newId();
        String b = newId();
        String c = newId();
        hub.publish(token, STRUCTURED, custom(a, "urn:skd:alpha/one", "skd.filing.created", subject, "/person/01038712345"));
        hub.publish(token, STRUCTURED, custom(b, "urn:skd:beta", "skd.filing.updated", subject, null));
        hub.publish(token, STRUCTURED, custom(c, "urn:skd:alpha/two", "skd.other", subject, null));
        String base = "/events/api/v1/events?resource=" + SKD + "&after=0&size=1000&subject=" + subject;

        assertThat(ids(hub.get(token, base))).containsExactly(a, b, c);
        assertThat(ids(hub.get(token, base + "&type=skd.filing.*"))).containsExactly(a, b);
        assertThat(ids(hub.get(token, base + "&type=skd.other&type=skd.filing.updated"))).containsExactly(b, c);
        assertThat(ids(hub.get(token, base + "&source=urn:skd:alpha"))).containsExactly(a, c);
        assertThat(ids(hub.get(token, base, Map.of("Altinn-AlternativeSubject", "/person/01038712345")))).containsExactly(a);
    }

    @Test
    void readersSeeOnlyWhatThePolicyLetsThemRead() {
        String skd = hub.token("/org/skd");
        String mine = newId();
        String theirs = newId();
        hub.publish(skd, STRUCTURED, event(mine, SKD, "/organisation/974760673"));
        hub.publish(skd, STRUCTURED, event(theirs, SKD, "/organisation/222222222"));
        String query = "/events/api/v1/events?resource=" + SKD + "&after=0&size=1000";

        List<String> party = ids(hub.get(hub.token("/organisation/974760673"), query));
        List<String> reader = ids(hub.get(hub.token("/org/nav"), query));
        HttpResponse<String> stranger = hub.get(hub.token("/org/stranger"), query);

        assertThat(party).contains(mine).doesNotContain(theirs);
        assertThat(reader).contains(mine, theirs);
        assertThat(ids(stranger)).isEmpty();
        // The stranger's cursor still moves past what it may not see.
        assertThat(stranger.headers().firstValue("next").orElseThrow()).doesNotEndWith("after=0");
    }

    @Test
    void emptyPageStillLinksToTheNextPage() {
        String token = hub.token("/org/skd");
        long last = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM event_seq", Long.class);

        HttpResponse<String> page = hub.get(token, "/events/api/v1/events?resource=urn:altinn:resource:nothing-here&after=" + last);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("application/cloudevents-batch+json");
        assertThat(page.body()).isEqualTo("[]");
        assertThat(page.headers().firstValue("next").orElseThrow()).endsWith("after=" + last);
        assertThat(page.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");
    }

    @Test
    void cursorMayBeTheIdOfTheLastProcessedEvent() {
        String token = hub.token("/org/skd");
        String first = newId();
        String second = newId();
        hub.publish(token, STRUCTURED, event(first, SKD, "/organisation/333333333"));
        hub.publish(token, STRUCTURED, event(second, SKD, "/organisation/333333333"));

        HttpResponse<String> page = hub.get(token, "/events/api/v1/events?resource=" + SKD + "&subject=/organisation/333333333&after=" + first);

        assertThat(ids(page)).containsExactly(second);
    }

    @Test
    void unknownCursorsAndBadParametersAre400() {
        String token = hub.token("/org/skd");
        String q = "/events/api/v1/events?resource=" + SKD;
        assertThat(hub.get(token, q + "&after=999999999999").statusCode()).isEqualTo(400);
        assertThat(hub.get(token, q + "&after=no-such-event").statusCode()).isEqualTo(400);
        assertThat(hub.get(token, q + "&size=many").statusCode()).isEqualTo(400);
        assertThat(hub.get(token, q + "&from=yesterday").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = hub.get(token, "/events/api/v1/events?after=0");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(parse(missing.body()).get("errors").get(0).get("field").asText()).isEqualTo("resource");
    }

    @Test
    void queryNeedsTokenAndSubscribeScope() {
        String publishOnly = hub.token("/org/skd", List.of(no.budstikke.support.HubClient.PUBLISH));
        assertThat(hub.get(null, "/events/api/v1/events?resource=" + SKD).statusCode()).isEqualTo(401);
        assertThat(hub.get(publishOnly, "/events/api/v1/events?resource=" + SKD).statusCode()).isEqualTo(403);
    }

    @Test
    void aTrailingSlashDoesNotSkipTheScope() {
        String publishOnly = hub.token("/org/skd", List.of(no.budstikke.support.HubClient.PUBLISH));
        String subscribeOnly = hub.token("/org/skd", List.of(no.budstikke.support.HubClient.SUBSCRIBE));
        for (String path : List.of("/events/api/v1/events/", "/events/api/v1/events//")) {
            assertThat(hub.get(publishOnly, path + "?resource=" + SKD).statusCode()).as("GET " + path).isIn(400, 403);
        }
        String id = newId();
        for (String path : List.of("/events/api/v1/events/", "/legacy/altinn2/events/")) {
            var response = hub.post(path, subscribeOnly, java.util.Map.of("Content-Type", STRUCTURED),
                    event(id, SKD, null).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("POST " + path).isEqualTo(403);
        }
        assertThat(storedCount("urn:budstikke:test", id)).isZero();
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        HttpResponse<String> ready = hub.get(null, "/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"db\"", "\"jms\"", "\"camelHealth\"");
        hub.publish(hub.token("/org/skd"), STRUCTURED, event(newId(), SKD, null));
        String metrics = hub.get(null, "/prometheus").body();
        assertThat(metrics).contains("budstikke_events_accepted_total", "budstikke_commit_batch_size", "budstikke_query_latency");
        assertThat(hub.get(null, "/openapi.yaml").body()).contains("openapi:", "/events/api/v1/events");
    }

    private String custom(String id, String source, String type, String subject, String alternativeSubject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"type\":\"" + type
                + "\",\"resource\":\"" + SKD + "\",\"subject\":\"" + subject + "\""
                + (alternativeSubject == null ? "" : ",\"alternativesubject\":\"" + alternativeSubject + "\"") + "}";
    }

    private List<String> readAll(String token, String resource, String id) {
        List<String> found = new ArrayList<>();
        String next = "/events/api/v1/events?resource=" + resource + "&after=0&size=1000";
        while (true) {
            HttpResponse<String> page = hub.get(token, next);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode events = parse(page.body());
            if (events.isEmpty()) {
                return found;
            }
            // Return the exact stored text of the matching event: split the array by re-reading each element.
            for (JsonNode event : events) {
                if (event.get("id").asText().equals(id)) {
                    found.add(exactText(page.body(), id));
                }
            }
            next = page.headers().firstValue("next").orElseThrow();
        }
    }

    /** Cuts one event's text out of a page, to compare it byte for byte with what was sent. */
    private static String exactText(String page, String id) {
        int idAt = page.indexOf("\"id\":\"" + id + "\"");
        int start = page.lastIndexOf("{\"", idAt);
        while (start > 0 && page.charAt(start - 1) != '[' && page.charAt(start - 1) != ',') {
            start = page.lastIndexOf("{\"", start - 1);
        }
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < page.length(); i++) {
            char ch = page.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return page.substring(start, i + 1);
            }
        }
        throw new AssertionError("event " + id + " not found in page");
    }

    private static List<String> ids(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        parse(page.body()).forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }
}
