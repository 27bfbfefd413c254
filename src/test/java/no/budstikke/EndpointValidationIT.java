package no.budstikke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhook endpoints are validated before any delivery, by either handshake; failures stay visible and retry. */
class EndpointValidationIT extends HubIntegrationTest {

    private static final String SKD = "urn:altinn:resource:skd-skattemelding";
    private static WireMockServer receiver;

    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    /**
     * Every test's subscriptions go when it ends: they take the whole SKD resource, and left behind they would push
     * the other test classes' SKD events (the hub is shared) to a receiver that is gone, or that another class has
     * started on the same port since.
     */
    @AfterEach
    void deleteSubscriptions() {
        for (String id : created) {
            assertThat(hub.request("DELETE", "/events/api/v1/subscriptions/" + id, hub.token("/org/skd"), null)
                    .statusCode()).isEqualTo(200);
        }
        created.clear();
    }

    private String subscribe(String path) {
        String body = "{\"endPoint\":\"http://127.0.0.1:" + receiver.port() + path + "\",\"resourceFilter\":\"" + SKD + "\"}";
        var response = hub.post("/events/api/v1/subscriptions", hub.token("/org/skd"), Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(parse(response.body()).get("status").asText()).isEqualTo("pending-validation");
        String id = parse(response.body()).get("id").asText();
        created.add(id);
        return id;
    }

    private JsonNode subscription(String id) {
        return parse(hub.get(hub.token("/org/skd"), "/events/api/v1/subscriptions/" + id).body());
    }

    @Test
    void cloudEventsWebhookHandshakeActivatesTheSubscription() {
        receiver.stubFor(request("OPTIONS", urlEqualTo("/cloudevents")).withHeader("WebHook-Request-Origin", equalTo("budstikke.local"))
                .willReturn(aResponse().withStatus(200).withHeader("WebHook-Allowed-Origin", "budstikke.local")));

        String id = subscribe("/cloudevents");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscription(id).get("status").asText().equals("active"));
        receiver.verify(0, postRequestedFor(urlEqualTo("/cloudevents")));
    }

    @Test
    void altinnValidationEventActivatesTheSubscriptionWhenThereIsNoHandshake() {
        receiver.stubFor(request("OPTIONS", urlEqualTo("/altinn")).willReturn(aResponse().withStatus(405)));
        receiver.stubFor(post(urlEqualTo("/altinn"))
                .withHeader("Content-Type", equalTo("application/cloudevents+json"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("platform.events.validatesubscription")))
                .willReturn(aResponse().withStatus(200)));

        String id = subscribe("/altinn");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscription(id).get("status").asText().equals("active"));
        receiver.verify(postRequestedFor(urlEqualTo("/altinn"))
                .withRequestBody(matchingJsonPath("$.source", com.github.tomakehurst.wiremock.client.WireMock.containing(id))));
    }

    @Test
    void failedValidationStaysPendingWithItsReasonAndIsNotRedirected() {
        receiver.stubFor(request("OPTIONS", urlEqualTo("/refuses")).willReturn(aResponse().withStatus(500)));
        receiver.stubFor(post(urlEqualTo("/refuses")).willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));

        String id = subscribe("/refuses");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscription(id).get("validation").get("attempts").asInt() >= 1);
        JsonNode pending = subscription(id);
        assertThat(pending.get("status").asText()).isEqualTo("pending-validation");
        assertThat(pending.get("validation").get("lastError").asText()).contains("302");
        receiver.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
    }
}
