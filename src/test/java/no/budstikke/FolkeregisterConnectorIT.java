package no.budstikke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import no.budstikke.connector.ConnectorState;
import no.budstikke.connector.FolkeregisterFeed;
import no.budstikke.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Folkeregisteret events connector against a fake feed (WireMock on 127.0.0.1) replaying the fixture: events
 * about the person stored under ids from the sequence numbers, both spellings of the type field, the ETag sent back
 * and 304 honoured, 429 Retry-After waited out, unmappable entries parked, a failing feed retried from the same
 * place, and no identity number in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class FolkeregisterConnectorIT extends HubIntegrationTest {

    private static final String ROUTE = "connector-folkeregisteret";
    private static final String RESOURCE = "urn:altinn:resource:skd-folkeregisteret-hendelser";
    private static final String PATH = "/folkeregisteret/offentligmedhjemmel/api/v1/hendelser/feed";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static WireMockServer feed;

    @Autowired
    private CamelContext camel;

    @Autowired
    private ConnectorState state;

    @Autowired
    private FolkeregisterFeed folkeregister;

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
        feed.stubFor(get(urlPathEqualTo(PATH)).atPriority(10).willReturn(okJson("[]")));
    }

    @AfterEach
    void stopConnector() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
    }

    @Test
    void feedEntriesBecomeEventsAboutThePersonAndNothingNewIsAskedWithTheETag(CapturedOutput output) throws Exception {
        state.advance(FolkeregisterFeed.NAME, "1");
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("1"))
                .willReturn(okJson(fixture("hendelser-feed-seq-1.json")).withHeader("ETag", "\"page-1\"")));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("3")).withHeader("If-None-Match", absent())
                .willReturn(okJson("[]").withHeader("ETag", "\"empty-at-3\"")));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("3"))
                .withHeader("If-None-Match", equalTo("\"empty-at-3\"")).willReturn(aResponse().withStatus(304)));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("3"));
        await().atMost(PATIENCE).until(() -> feed.findAll(getRequestedFor(urlPathEqualTo(PATH))
                .withQueryParam("seq", equalTo("3")).withHeader("If-None-Match", equalTo("\"empty-at-3\""))).size() >= 2);
        assertThat(checkpoint()).isEqualTo("3");
        assertThat(stored("folkeregisteret-1", "folkeregisteret-2")).containsExactly(
                "no.skatteetaten.folkeregisteret.hendelse.endringIIdentitetsgrunnlag /person/69028400470",
                "no.skatteetaten.folkeregisteret.hendelse.flyttingInnenKommune /person/01038712345");
        // The person reads the events about themselves.
        JsonNode mine = parse(hub.get(hub.token("/person/01038712345"), "/events/api/v1/events?resource=" + RESOURCE
                + "&after=0&size=1000").body());
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("id").asText()).isEqualTo("folkeregisteret-2");
        assertThat(mine.get(0).get("source").asText()).isEqualTo(folkeregister.source());
        assertThat(mine.get(0).get("data").get("hendelsesdokument").asText()).isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(mine.get(0).get("data").toString()).doesNotContain("01038712345");
        // Re-reading from 1, as after a crash before the checkpoint was written, stores nothing twice.
        camel.getRouteController().stopRoute(ROUTE);
        long before = storedCountForResource(RESOURCE);
        state.advance(FolkeregisterFeed.NAME, "1");
        feed.resetRequests();
        camel.getRouteController().startRoute(ROUTE);
        await().atMost(PATIENCE).until(() -> asked("1") > 0 && checkpoint().equals("3"));
        await().atMost(PATIENCE).until(() -> asked("3") > 0);
        assertThat(storedCountForResource(RESOURCE)).isEqualTo(before);
        assertThat(output.getAll()).doesNotContain("69028400470").doesNotContain("01038712345");
    }

    @Test
    void aRateLimitedFeedIsAskedAgainNoSoonerThanRetryAfter() throws Exception {
        state.advance(FolkeregisterFeed.NAME, "100");
        String scenario = "rate-limited";
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("100"))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"kode\":\"FREG-429\",\"melding\":\"For mange forespørsler\"}"))
                .willSetStateTo("open"));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("100"))
                .inScenario(scenario).whenScenarioStateIs("open")
                .willReturn(okJson(entries(100, 101))));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("102"));
        List<LoggedRequest> attempts = feed.findAll(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("100")));
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime())
                .isGreaterThanOrEqualTo(2000);
        assertThat(stored("folkeregisteret-100", "folkeregisteret-101")).hasSize(2);
    }

    @Test
    void unmappableEntriesAreParkedWithoutTheIdentityNumberInReasonOrLog(CapturedOutput output) throws Exception {
        state.advance(FolkeregisterFeed.NAME, "200");
        String page = entries(200, 201, 202, 203)
                .replace("\"folkeregisteridentifikator\": \"01010000201\"", "\"folkeregisteridentifikator\": \"0101000020\"")
                .replace("\"hendelsetype\": \"doedsfall\", \"folkeregisteridentifikator\": \"01010000202\"",
                        "\"folkeregisteridentifikator\": \"01010000202\"");
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("200")).willReturn(okJson(page)));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("204"));
        assertThat(stored("folkeregisteret-200", "folkeregisteret-201", "folkeregisteret-202", "folkeregisteret-203"))
                .containsExactly("no.skatteetaten.folkeregisteret.hendelse.doedsfall /person/01010000200",
                        "no.skatteetaten.folkeregisteret.hendelse.doedsfall /person/01010000203");
        JsonNode parked = parse(hub.admin("GET", "/events/api/v1/admin/connectors/parked?connector=folkeregisteret&size=1000",
                null).body()).get("parked");
        assertThat(parked.findValuesAsText("entryKey")).contains("201", "202");
        assertThat(parked.findValuesAsText("reason")).contains("folkeregisteridentifikator is missing or not eleven digits",
                "hendelsetype (or hendelsestype) is missing or not a name");
        assertThat(parked.findValuesAsText("reason").toString()).doesNotContain("0101000020");
        assertThat(output.getAll()).contains("parked entry 201").doesNotContain("0101000020");
    }

    @Test
    void aFeedThatIsDownIsAskedAgainFromTheSamePlaceAndLosesNothing(CapturedOutput output) throws Exception {
        state.advance(FolkeregisterFeed.NAME, "300");
        String scenario = "feed-down";
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("300"))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still-down"));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("300"))
                .inScenario(scenario).whenScenarioStateIs("still-down")
                .willReturn(aResponse().withStatus(500).withBody("{\"kode\":\"FREG-500\",\"melding\":\"01010030000\"}"))
                .willSetStateTo("up"));
        feed.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo("300"))
                .inScenario(scenario).whenScenarioStateIs("up").willReturn(okJson(entries(300, 301, 302))));

        camel.getRouteController().startRoute(ROUTE);

        await().atMost(PATIENCE).until(() -> checkpoint().equals("303"));
        assertThat(stored("folkeregisteret-300", "folkeregisteret-301", "folkeregisteret-302")).hasSize(3);
        assertThat(asked("300")).isEqualTo(3);
        assertThat(output.getAll()).contains("Folkeregisteret answered 500 (FREG-500)").doesNotContain("01010030000");
    }

    private String checkpoint() {
        return state.checkpoint(FolkeregisterFeed.NAME).orElse("");
    }

    private int asked(String seq) {
        return feed.findAll(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("seq", equalTo(seq))).size();
    }

    /** "type subject" of each stored event with these ids, in the order they were stored. */
    private List<String> stored(String... ids) {
        return jdbc.queryForList("SELECT type || ' ' || subject FROM event WHERE source = ? AND id = ANY (?) ORDER BY seq",
                String.class, folkeregister.source(), ids);
    }

    /** Entries of type doedsfall with these sequence numbers, about persons 010100{seq padded to 5}. */
    private static String entries(long... seqs) {
        StringBuilder page = new StringBuilder("[");
        for (long seq : seqs) {
            if (page.length() > 1) {
                page.append(',');
            }
            page.append("{\"sekvensnummer\": ").append(seq).append(", \"hendelse\": {\"hendelsetype\": \"doedsfall\", ")
                    .append("\"folkeregisteridentifikator\": \"").append(String.format("010100%05d", seq)).append("\", ")
                    .append("\"hendelsesdokument\": \"d").append(seq).append("\", \"persondokument\": \"p").append(seq)
                    .append("\", \"ajourholdstidspunkt\": \"2026-01-02T10:00:00.000+01:00\"}}");
        }
        return page.append(']').toString();
    }

    private static String fixture(String name) {
        try (var in = FolkeregisterConnectorIT.class.getResourceAsStream("/fixtures/folkeregisteret/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
