package no.budstikke;

import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The integrator's door: YAML route files in the routes directory are loaded, reloaded when changed, removed when
 * deleted — all without a restart — and end in {@code direct:budstikke-ingest}, authorized as the identity their
 * header names. A broken file is reported with its line and leaves the hub and the other routes running.
 */
class IntegratorRoutesIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";

    @Autowired
    private CamelContext camel;

    @Autowired
    private ProducerTemplate producer;

    @Test
    void aRouteFileIsLoadedReloadedAndRemovedWithoutARestartAndPublishesAsItsIdentity() throws Exception {
        Path file = ROUTES_DIR.resolve("it-ingest.camel.yaml");
        write(file, route("/org/test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("it-integrator") != null);

        String id = newId();
        producer.requestBody("direct:it-integrator", event(id, RESOURCE, null));
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);

        // The same route, now acting as an identity the policy does not let publish there.
        write(file, route("/org/stranger"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(
                () -> producer.requestBody("direct:it-integrator", event(newId(), RESOURCE, null)))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage(
                        "/org/stranger may not publish events of " + RESOURCE));

        Files.delete(file);
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("it-integrator") == null);
    }

    @Test
    void aBrokenFileIsReportedWithItsLineAndTheHubAndOtherRoutesKeepRunning() throws Exception {
        Path good = ROUTES_DIR.resolve("it-good.camel.yaml");
        write(good, route("/org/test").replace("it-integrator", "it-good"));
        Path broken = ROUTES_DIR.resolve("it-broken.camel.yaml");
        write(broken, """
                - route:
                    id: it-broken
                    from:
                      uri: direct:it-broken
                      steps:
                        - setHeader:
                          name: BudstikkePublisher
                           constant: /org/test
                """);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode files = parse(hub.admin("GET", "/events/api/v1/admin/routes", null).body()).get("files");
            JsonNode brokenStatus = null;
            for (JsonNode each : files) {
                if (each.get("file").asText().equals("it-broken.camel.yaml")) {
                    brokenStatus = each;
                }
            }
            assertThat(brokenStatus).isNotNull();
            assertThat(brokenStatus.get("error").asText()).containsIgnoringCase("line");
            assertThat(camel.getRoute("it-good")).isNotNull();
        });
        assertThat(camel.getRoute("it-broken")).isNull();
        String id = newId();
        producer.requestBody("direct:it-good", event(id, RESOURCE, null));
        assertThat(storedCount("urn:budstikke:test", id)).isEqualTo(1);
        assertThat(hub.get(null, "/health/readiness").statusCode()).isEqualTo(200);

        Files.delete(broken);
        Files.delete(good);
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("it-good") == null);
    }

    @Test
    void aRouteWithoutThePublisherHeaderIsRefusedClearly() throws Exception {
        Path file = ROUTES_DIR.resolve("it-anonymous.camel.yaml");
        write(file, """
                - route:
                    id: it-anonymous
                    from:
                      uri: direct:it-anonymous
                      steps:
                        - to: direct:budstikke-ingest
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("it-anonymous") != null);

        assertThatThrownBy(() -> producer.requestBody("direct:it-anonymous", event(newId(), RESOURCE, null)))
                .hasRootCauseMessage("A route publishing to direct:budstikke-ingest must set the header "
                        + "BudstikkePublisher to the identity it publishes as, such as /org/brreg");
        Files.delete(file);
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("it-anonymous") == null);
    }

    private static String route(String publisher) {
        return """
                - route:
                    id: it-integrator
                    from:
                      uri: direct:it-integrator
                      steps:
                        - setHeader:
                            name: BudstikkePublisher
                            constant: %s
                        - to: direct:budstikke-ingest
                """.formatted(publisher);
    }

    /** Writes the file and moves its time on, so the change is seen whatever the file system's clock resolution. */
    private static void write(Path file, String content) throws Exception {
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.from(Instant.EPOCH);
        Files.writeString(file, content);
        Instant now = Instant.now();
        Instant later = before.toInstant().isBefore(now) ? now : before.toInstant().plusSeconds(1);
        Files.setLastModifiedTime(file, FileTime.from(later));
    }
}
