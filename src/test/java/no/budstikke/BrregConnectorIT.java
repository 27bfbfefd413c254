package no.budstikke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import no.budstikke.connector.BrregUpdates;
import no.budstikke.connector.ConnectorState;
import no.budstikke.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Enhetsregisteret updates connector against a fake feed (WireMock on 127.0.0.1) replaying the fixtures:
 * events stored with the right type, subject and unit link, the checkpoint moved, re-reading storing nothing twice,
 * an unmappable update parked, and a failing feed retried without losing its place.
 */
class BrregConnectorIT extends HubIntegrationTest {

    private static final String ROUTE = "connector-brreg";
    private static final String RESOURCE = "urn:altinn:resource:brreg-enhetsregisteret";
    private static final String PATH = "/enhetsregisteret/api/oppdateringer/enheter";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static WireMockServer feed;

    @Autowired
    private CamelContext camel;

    @Autowired
    private ConnectorState state;

    @BeforeAll
    static void startFeed() {
        feed = new WireMockServer(options().bindAddress("127.0.0.1").port(feedPort()));
        feed.start();
    }

    @AfterAll
    static void stopFeed() {
        feed.stop();
    }

    @BeforeEach
    void anEmptyFeed() {
        feed.resetAll();
        feed.stubFor(get(urlPathEqualTo(PATH)).atPriority(10).willReturn(okJson(fixture("oppdateringer-enheter-empty.json"))));
    }

    @AfterEach
    void stopConnector() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
    }

    @Test
    void updatesBecomeEventsAboutTheOrganisationAndTheCheckpointMoves() throws Exception {
        state.advance(BrregUpdates.NAME, "25255240");
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo("25255241"))
                .willReturn(okJson(fixture("oppdateringer-enheter-page-1.json"))));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("25255260"));
        await().atMost(PATIENCE).until(() -> asked("25255261") > 0);
        JsonNode events = parse(hub.get(hub.token("/org/brreg"), "/events/api/v1/events?resource=" + RESOURCE
                + "&subject=/organisation/932112455&after=0&size=1000").body());
        assertThat(events).hasSize(1);
        JsonNode created = events.get(0);
        assertThat(created.get("id").asText()).isEqualTo("brreg-enhet-25255247");
        assertThat(created.get("source").asText()).isEqualTo(BrregUpdates.SOURCE);
        assertThat(created.get("type").asText()).isEqualTo("no.brreg.enhetsregisteret.enhet.ny");
        assertThat(created.get("affectedentityuri").asText()).isEqualTo("https://data.brreg.no/enhetsregisteret/api/enheter/932112455");
        assertThat(created.get("time").asText()).startsWith("2026-09-14T04:05:12.021");
        assertThat(stored("brreg-enhet-25255241", "brreg-enhet-25255247", "brreg-enhet-25255260")).containsExactly(
                "no.brreg.enhetsregisteret.enhet.endring /organisation/929745760",
                "no.brreg.enhetsregisteret.enhet.ny /organisation/932112455",
                "no.brreg.enhetsregisteret.enhet.sletting /organisation/811234562");
        assertThat(feed.findAll(getRequestedFor(urlPathEqualTo(PATH))).get(0).queryParameter("size").firstValue())
                .isEqualTo("500");
    }

    @Test
    void rereadingAfterARestartStoresNothingTwice() throws Exception {
        String door = "door=\"" + ROUTE + "\"";
        double accepted = hub.metric("budstikke_events_accepted_total", door);
        state.advance(BrregUpdates.NAME, "7000000");
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo("7000001"))
                .willReturn(okJson(page(7000001, 7000004, 7000009))));
        camel.getRouteController().startRoute(ROUTE);
        await().atMost(PATIENCE).until(() -> checkpoint().equals("7000009"));
        camel.getRouteController().stopRoute(ROUTE);
        long before = storedCountForResource(RESOURCE);
        double duplicates = hub.metric("budstikke_events_duplicates_total", door);

        // As after a crash between the commit and the checkpoint: the same page is read again.
        state.advance(BrregUpdates.NAME, "7000000");
        feed.resetRequests();
        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> asked("7000001") > 0 && checkpoint().equals("7000009"));
        await().atMost(PATIENCE).until(() -> asked("7000010") > 0);
        assertThat(storedCountForResource(RESOURCE)).isEqualTo(before);
        assertThat(stored("brreg-enhet-7000001", "brreg-enhet-7000004", "brreg-enhet-7000009")).hasSize(3);
        // The publish pipeline counts the connector's commits under its route id: three new, then three duplicates.
        assertThat(hub.metric("budstikke_events_accepted_total", door)).isEqualTo(accepted + 3);
        assertThat(hub.metric("budstikke_events_duplicates_total", door)).isEqualTo(duplicates + 3);
    }

    @Test
    void anUnmappableUpdateIsParkedAndTheConnectorMovesOn() throws Exception {
        state.advance(BrregUpdates.NAME, "8000000");
        String page = page(8000001, 8000002, 8000003).replace("\"endringstype\": \"Ny\", \"oppdateringsid\": 8000002",
                "\"endringstype\": \"Omdanning\", \"oppdateringsid\": 8000002");
        assertThat(page).contains("Omdanning");
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo("8000001")).willReturn(okJson(page)));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("8000003"));
        assertThat(stored("brreg-enhet-8000001", "brreg-enhet-8000002", "brreg-enhet-8000003")).hasSize(2);
        JsonNode parked = parse(hub.admin("GET", "/events/api/v1/admin/connectors/parked?connector=brreg&size=1000", null).body())
                .get("parked");
        List<JsonNode> mine = new ArrayList<>();
        parked.forEach(entry -> {
            if ("8000002".equals(entry.path("entryKey").asText())) {
                mine.add(entry);
            }
        });
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("reason").asText()).contains("endringstype");
        assertThat(mine.get(0).get("entry").asText()).contains("Omdanning");
        JsonNode overview = parse(hub.admin("GET", "/events/api/v1/admin/connectors", null).body()).get("connectors");
        assertThat(overview.toString()).contains("\"connector\":\"brreg\"").contains("\"position\":\"8000003\"");
    }

    @Test
    void aFeedThatFailsIsAskedAgainLaterFromTheSamePlace() throws Exception {
        state.advance(BrregUpdates.NAME, "9000000");
        String scenario = "feed-down";
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo("9000001"))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"kode\":\"FEIL\",\"melding\":\"nede\"}"))
                .willSetStateTo("reset"));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo("9000001"))
                .inScenario(scenario).whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo("9000001"))
                .inScenario(scenario).whenScenarioStateIs("up").willReturn(okJson(page(9000001, 9000002))));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("9000002"));
        assertThat(stored("brreg-enhet-9000001", "brreg-enhet-9000002")).hasSize(2);
        List<LoggedRequest> attempts = feed.findAll(getRequestedFor(urlPathEqualTo(PATH))
                .withQueryParam("oppdateringsid", equalTo("9000001")));
        assertThat(attempts).hasSize(3);
        long firstPause = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        long secondPause = attempts.get(2).getLoggedDate().getTime() - attempts.get(1).getLoggedDate().getTime();
        // backoff-first is 0.3 s in the tests, doubling.
        assertThat(firstPause).isGreaterThanOrEqualTo(250);
        assertThat(secondPause).isGreaterThanOrEqualTo(550);
    }

    private String checkpoint() {
        return state.checkpoint(BrregUpdates.NAME).orElse("");
    }

    private int asked(String oppdateringsid) {
        return feed.findAll(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("oppdateringsid", equalTo(oppdateringsid)))
                .size();
    }

    /** "type subject" of each stored event with these ids, in the order they were stored. */
    private List<String> stored(String... ids) {
        return jdbc.queryForList("SELECT type || ' ' || subject FROM event WHERE source = ? AND id = ANY (?) ORDER BY seq",
                String.class, BrregUpdates.SOURCE, ids);
    }

    /** A page of "Ny" updates with these ids, shaped like the fixtures. */
    private static String page(long... ids) {
        String updates = LongStream.of(ids).mapToObj(id -> {
            String organisation = String.valueOf(900000000L + id % 100000000L);
            return "{\"endringstype\": \"Ny\", \"oppdateringsid\": " + id + ", \"dato\": \"2026-09-14T04:05:11.193Z\", "
                    + "\"organisasjonsnummer\": \"" + organisation + "\", \"_links\": {\"enhet\": {\"href\": "
                    + "\"https://data.brreg.no/enhetsregisteret/api/enheter/" + organisation + "\"}}}";
        }).collect(Collectors.joining(","));
        return "{\"_embedded\": {\"oppdaterteEnheter\": [" + updates + "]}, \"page\": {\"size\": 500, \"totalElements\": "
                + ids.length + ", \"totalPages\": 1, \"number\": 0}}";
    }

    static String fixture(String name) {
        try (var in = BrregConnectorIT.class.getResourceAsStream("/fixtures/brreg/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
