package no.budstikke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import no.budstikke.support.HangingEndpoint;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Isolation by construction: subscribers whose endpoints hang or fail get the same events as a healthy one, and the
 * healthy one receives every event within a second of its publishing — nothing waits for the others' timeouts.
 */
class DeliveryIsolationIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static final int EVENTS = 200;
    private static WireMockServer receiver;

    private final List<String> subscriptions = new ArrayList<>();

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(50));
        receiver.start();
        receiver.stubFor(request("OPTIONS", anyUrl())
                .willReturn(aResponse().withStatus(200).withHeader("WebHook-Allowed-Origin", "budstikke.local")));
        receiver.stubFor(post(urlEqualTo("/healthy")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo("/unavailable")).willReturn(aResponse().withStatus(503)));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @Test
    void aHealthySubscriberGetsEveryEventWithinASecondBesideAHangingAndAFailingOne() throws Exception {
        String source = "urn:budstikke:isolation:" + UUID.randomUUID();
        try (HangingEndpoint hanging = new HangingEndpoint()) {
            // The hanging subscription keeps the default 30 s push timeout: any push that waited for it would show.
            subscriptions.add(activeWebhook(Map.of("endPoint", hanging.url("/hangs"), "resourceFilter", RESOURCE,
                    "sourceFilter", source)));
            subscriptions.add(activeWebhook(Map.of("endPoint", url("/unavailable"), "resourceFilter", RESOURCE,
                    "sourceFilter", source, "delivery", Map.of("retrySchedule", List.of("PT1S", "PT1S")))));
            subscriptions.add(activeWebhook(Map.of("endPoint", url("/healthy"), "resourceFilter", RESOURCE,
                    "sourceFilter", source)));

            Map<String, Long> publishedAt = new HashMap<>();
            String token = hub.token(OWNER);
            for (int i = 0; i < EVENTS; i++) {
                String id = newId();
                long started = System.currentTimeMillis();
                var response = hub.publish(token, STRUCTURED, eventJson(id, source));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                publishedAt.put(id, started);
            }

            await("every event at the healthy subscriber").atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/healthy"))).size() >= EVENTS);
            Map<String, Long> lateness = new LinkedHashMap<>();
            for (LoggedRequest push : receiver.findAll(postRequestedFor(urlEqualTo("/healthy")))) {
                String id = parse(push.getBodyAsString()).get("id").asText();
                lateness.put(id, push.getLoggedDate().getTime() - publishedAt.get(id));
            }
            assertThat(lateness).as("every event pushed to the healthy subscriber").containsOnlyKeys(publishedAt.keySet());
            assertThat(lateness.values()).as("ms from publishing to arrival at the healthy subscriber")
                    .allSatisfy(ms -> assertThat(ms).isLessThan(1000));
            assertThat(hanging.pushes()).as("the hanging endpoint was pushed to, and held its pushes").isPositive();
            assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/unavailable")))).as("the failing endpoint was tried")
                    .isNotEmpty();
        }
    }

    /** The test's subscriptions go when it ends, so that their retries and hanging pushes end with it. */
    @AfterEach
    void deleteSubscriptions() {
        for (String id : subscriptions) {
            assertThat(hub.request("DELETE", "/events/api/v1/subscriptions/" + id, hub.token(OWNER), null).statusCode())
                    .isEqualTo(200);
        }
        subscriptions.clear();
    }

    private String activeWebhook(Map<String, Object> body) {
        return activeSubscription(OWNER, body).get("id").asText();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private static String eventJson(String id, String source) {
        return json(Map.of("specversion", "1.0", "id", id, "source", source, "type", "no.budstikke.isolation",
                "resource", RESOURCE, "data", Map.of("n", id)));
    }
}
