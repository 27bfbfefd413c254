package no.budstikke;

import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub as its consumers see it through libraries the project did not write: a webhook receiver that verifies
 * every request with the Standard Webhooks library and reads it with the CloudEvents SDK's HTTP binding, and a
 * reader of {@code GET /events} that parses each event with the CloudEvents SDK (published with the SDK, too).
 */
class ConsumerLibrariesIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static final EventFormat JSON_FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private VerifyingReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = new VerifyingReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aStandardWebhooksReceiverValidatesItsSubscriptionAndVerifiesAndParsesEveryPush() throws Exception {
        String source = "urn:budstikke:libraries:" + newId();
        var created = hub.post("/events/api/v1/subscriptions", hub.token(OWNER), Map.of("Content-Type", "application/json"),
                json(Map.of("endPoint", receiver.url("/hook"), "resourceFilter", RESOURCE, "sourceFilter", source,
                        "delivery", Map.of("retrySchedule", List.of("PT1S", "PT1S")))).getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = parse(created.body());
        String id = subscription.get("id").asText();
        // The receiver is set up with the secret the hub handed out, as its operator would.
        receiver.secret.complete(subscription.get("signingSecret").asText());

        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(parse(hub.get(hub.token(OWNER),
                "/events/api/v1/subscriptions/" + id).body()).get("status").asText()));
        assertThat(receiver.refused).as("requests the Standard Webhooks library refused").isEmpty();
        assertThat(receiver.events).as("the handshake event, read by the CloudEvents SDK").hasSize(1);
        assertThat(receiver.events.get(0).getType()).isEqualTo("platform.events.validatesubscription");

        // The first push of the event fails once: the retry is signed afresh and verifies, under the same webhook-id.
        receiver.failNext.set(1);
        String eventId = newId();
        String data = "{\"melding\":\"Hei på deg, blåbærsyltetøy ✓\",\"n\":12.50}";
        var published = hub.publish(hub.token(OWNER), "application/cloudevents+json", """
                {"specversion":"1.0","id":"%s","source":"%s","type":"no.budstikke.libraries","resource":"%s",
                 "subject":"/organisation/974760673","time":"2026-03-01T12:00:00.123+01:00",
                 "datacontenttype":"application/json","data":%s}""".formatted(eventId, source, RESOURCE, data));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.events.size() == 2);
        assertThat(receiver.refused).isEmpty();
        assertThat(receiver.webhookIds).hasSize(3);
        assertThat(receiver.webhookIds.get(2)).as("the retry's webhook-id").isEqualTo(receiver.webhookIds.get(1));
        CloudEvent event = receiver.events.get(1);
        assertThat(event.getId()).isEqualTo(eventId);
        assertThat(event.getSource()).isEqualTo(URI.create(source));
        assertThat(event.getType()).isEqualTo("no.budstikke.libraries");
        assertThat(event.getSubject()).isEqualTo("/organisation/974760673");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 123_000_000, ZoneOffset.ofHours(1)));
        assertThat(event.getExtension("resource")).isEqualTo(RESOURCE);
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(parse(new String(event.getData().toBytes(), StandardCharsets.UTF_8))).isEqualTo(parse(data));
    }

    @Test
    void eventsPublishedWithTheSdkComeBackFromTheEventsApiAsTheSdkWroteThem() {
        String source = "urn:budstikke:sdk:" + newId();
        OffsetDateTime time = OffsetDateTime.of(2026, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC);
        List<CloudEvent> sent = List.of(
                sdkEvent(source, "application/json", "{\"a\":[1,2,3],\"b\":\"æøå\"}".getBytes(StandardCharsets.UTF_8), time),
                sdkEvent(source, "text/plain", "Hei på deg".getBytes(StandardCharsets.UTF_8), time),
                sdkEvent(source, "application/octet-stream", new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}, time));
        // The first structured (the SDK's JSON format), the others in the SDK's binary HTTP mode (ce- headers).
        publish(JsonFormat.CONTENT_TYPE, JSON_FORMAT.serialize(sent.get(0)), Map.of());
        for (CloudEvent event : sent.subList(1, sent.size())) {
            Map<String, String> headers = new HashMap<>();
            AtomicReference<byte[]> body = new AtomicReference<>();
            HttpMessageFactory.createWriter(headers::put, body::set).writeBinary(event);
            publish(headers.remove("Content-Type"), body.get(), headers);
        }

        List<CloudEvent> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            read.clear();
            var page = hub.get(hub.token(OWNER), "/events/api/v1/events?resource=" + RESOURCE + "&source=" + source);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            for (JsonNode each : parse(page.body())) {
                read.add(JSON_FORMAT.deserialize(each.toString().getBytes(StandardCharsets.UTF_8)));
            }
            return read.size() == sent.size();
        });
        for (CloudEvent expected : sent) {
            CloudEvent actual = read.stream().filter(e -> e.getId().equals(expected.getId())).findFirst().orElseThrow();
            assertThat(actual.getSpecVersion()).isEqualTo(expected.getSpecVersion());
            assertThat(actual.getSource()).isEqualTo(expected.getSource());
            assertThat(actual.getType()).isEqualTo(expected.getType());
            assertThat(actual.getSubject()).isEqualTo(expected.getSubject());
            assertThat(actual.getTime()).isEqualTo(expected.getTime());
            assertThat(actual.getDataContentType()).isEqualTo(expected.getDataContentType());
            assertThat(actual.getExtension("resource")).isEqualTo(RESOURCE);
            if ("application/json".equals(expected.getDataContentType())) {
                assertThat(parse(new String(actual.getData().toBytes(), StandardCharsets.UTF_8)))
                        .isEqualTo(parse(new String(expected.getData().toBytes(), StandardCharsets.UTF_8)));
            } else {
                assertThat(actual.getData().toBytes()).as(expected.getDataContentType()).isEqualTo(expected.getData().toBytes());
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static CloudEvent sdkEvent(String source, String contentType, byte[] data, OffsetDateTime time) {
        return CloudEventBuilder.v1()
                .withId(newId())
                .withSource(URI.create(source))
                .withType("no.budstikke.sdk")
                .withSubject("/organisation/974760673")
                .withTime(time)
                .withExtension("resource", RESOURCE)
                .withDataContentType(contentType)
                .withData(data)
                .build();
    }

    private void publish(String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base() + "/events/api/v1/events"))
                .header("Authorization", "Bearer " + hub.token(OWNER))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        var response = hub.send(request.build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /**
     * A webhook receiver as its users write it with the published libraries: every POST is verified by the Standard
     * Webhooks library (401 when it fails) and then read by the CloudEvents SDK's HTTP binding; it knows nothing of
     * the CloudEvents OPTIONS handshake. Bound to 127.0.0.1.
     */
    private static final class VerifyingReceiver implements AutoCloseable {

        final CompletableFuture<String> secret = new CompletableFuture<>();
        final List<CloudEvent> events = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final List<String> webhookIds = new CopyOnWriteArrayList<>();
        final AtomicInteger failNext = new AtomicInteger();
        private final HttpServer server;

        VerifyingReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
                try {
                    new Webhook(secret.get(10, TimeUnit.SECONDS)).verify(new String(body, StandardCharsets.UTF_8), headers);
                } catch (WebhookVerificationException e) {
                    refused.add(e.getMessage());
                    exchange.sendResponseHeaders(401, -1);
                    return;
                } catch (Exception e) {
                    refused.add("no secret: " + e);
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                webhookIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                events.add(HttpMessageFactory.createReaderFromMultimap(headers, body).toEvent());
                exchange.sendResponseHeaders(200, -1);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
