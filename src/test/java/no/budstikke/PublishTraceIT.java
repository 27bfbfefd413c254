package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import no.budstikke.support.FreePorts;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubProcesses;
import no.budstikke.support.OtlpCollector.ReceivedSpan;
import no.budstikke.support.OtlpCollector;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Symbol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hub with tracing on (an OTLP endpoint configured, a collector on 127.0.0.1 standing in for the outside one), in a
 * JVM of its own since the other tests' hub traces nothing: one publish with the caller's traceparent is one trace
 * through the publish, the group commit, the dispatch and every push attempt, and the subscriber receives it; an
 * AMQP message's traceparent is continued the same way.
 */
class PublishTraceIT {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static final Path LOGS = Path.of("target", "publish-trace-it");

    private static final List<String> pushed = new CopyOnWriteArrayList<>();
    private static OtlpCollector collector;
    private static HttpServer subscriber;
    private static HubProcesses hubs;
    private static HubClient hub;
    private static int amqpPort;
    private static final String BROKER_PASSWORD = "it-" + newId();

    @BeforeAll
    static void startHub() throws IOException {
        Files.createDirectories(LOGS);
        collector = new OtlpCollector();
        subscriber = subscriber();
        hubs = new HubProcesses(Files.createTempDirectory("budstikke-it-trace-"));
        int port = FreePorts.take();
        Path log = LOGS.resolve("hub.log");
        amqpPort = FreePorts.take();
        Process process = hubs.start(port, amqpPort, log,
                "--budstikke.broker.users[0].username=it-publisher",
                "--budstikke.broker.users[0].password=" + BROKER_PASSWORD,
                "--budstikke.broker.users[0].publisher=" + OWNER,
                "--budstikke.routes.directory=" + Files.createTempDirectory("budstikke-it-trace-routes-"),
                "--management.otlp.tracing.endpoint=" + collector.endpoint(),
                "--logging.structured.format.console=ecs",
                // A line logged inside every request: the test reads its trace id.
                "--logging.level.org.springframework.security.web.FilterChainProxy=DEBUG");
        HubProcesses.awaitReady(process, port, log);
        hub = new HubClient("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hubs != null) {
            hubs.stopAll();
        }
        if (subscriber != null) {
            subscriber.stop(0);
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void aPublishIsOneTraceThroughCommitDispatchAndEveryPushAttempt() throws IOException {
        String token = hub.token(OWNER);
        String source = "urn:budstikke:trace:" + newId();
        subscribe(token, source);
        String traceId = hex(16);
        String callerSpan = hex(8);
        String id = newId();

        var published = hub.post("/events/api/v1/events", token, Map.of("Content-Type", STRUCTURED,
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01"),
                event(id, RESOURCE, null).replace("urn:budstikke:test", source).getBytes(StandardCharsets.UTF_8));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

        // The first attempt fails (500), the retry (after 1 s) is delivered: both carry the publisher's trace.
        await().atMost(Duration.ofSeconds(30)).until(() -> pushed.size() >= 2);
        assertThat(pushed).allSatisfy(traceparent -> assertThat(traceparent).startsWith("00-" + traceId + "-"));
        assertThat(pushed.get(0)).isNotEqualTo(pushed.get(1));

        await().atMost(Duration.ofSeconds(60)).until(() -> named(traceId, "webhook push").size() >= 2
                && !named(traceId, "event commit").isEmpty() && !named(traceId, "event dispatch").isEmpty());
        ReceivedSpan server = collector.trace(traceId).stream().filter(span -> span.kind().equals("SPAN_KIND_SERVER")
                && span.parentSpanId().equals(callerSpan)).findFirst().orElseThrow(() -> new AssertionError(
                        "no server span continuing the caller's among " + collector.trace(traceId)));
        ReceivedSpan publish = only(traceId, "event publish");
        ReceivedSpan commit = only(traceId, "event commit");
        ReceivedSpan dispatch = only(traceId, "event dispatch");
        assertThat(publish.parentSpanId()).isEqualTo(server.spanId());
        assertThat(publish.attributes()).contains("ingress-http");
        assertThat(commit.parentSpanId()).isEqualTo(publish.spanId());
        assertThat(commit.links()).containsExactly(publish.spanId());
        // The dispatcher found the publish's context with the stored event: it is the dispatch's parent.
        assertThat(dispatch.parentSpanId()).isEqualTo(publish.spanId());
        assertThat(dispatch.kind()).isEqualTo("SPAN_KIND_PRODUCER");
        List<ReceivedSpan> pushes = named(traceId, "webhook push");
        assertThat(pushes).allSatisfy(push -> assertThat(push.parentSpanId()).isEqualTo(dispatch.spanId()));
        // What each attempt sent is that attempt's own span.
        assertThat(pushed).containsExactlyInAnyOrderElementsOf(pushes.stream()
                .map(push -> "00-" + traceId + "-" + push.spanId() + "-01").toList());

        // Structured JSON logs: the line logged inside the publish request carries its trace id.
        List<JsonNode> requestLines = Files.readAllLines(LOGS.resolve("hub.log")).stream()
                .filter(line -> line.startsWith("{") && line.contains("Secured POST /events/api/v1/events"))
                .map(HubClient::parse).toList();
        assertThat(requestLines).isNotEmpty().anySatisfy(line -> assertThat(line.toString()).contains(traceId));
    }

    @Test
    void anAmqpMessagesTraceparentIsTheParentOfItsPublishAndDispatch() throws Exception {
        String traceId = hex(16);
        String producerSpan = hex(8);
        var factory = new JmsConnectionFactory("it-publisher", BROKER_PASSWORD, "amqp://127.0.0.1:" + amqpPort);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(event(newId(), RESOURCE, null).getBytes(StandardCharsets.UTF_8));
            ((AmqpJmsMessageFacade) ((JmsMessage) message).getFacade())
                    .setContentType(Symbol.valueOf("application/cloudevents+json"));
            message.setStringProperty("traceparent", "00-" + traceId + "-" + producerSpan + "-01");
            session.createProducer(session.createQueue("events.inbound")).send(message);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !named(traceId, "event dispatch").isEmpty());
        ReceivedSpan publish = only(traceId, "event publish");
        assertThat(publish.parentSpanId()).isEqualTo(producerSpan);
        assertThat(publish.kind()).isEqualTo("SPAN_KIND_CONSUMER");
        assertThat(publish.attributes()).contains("ingress-amqp");
        assertThat(only(traceId, "event dispatch").parentSpanId()).isEqualTo(publish.spanId());
    }

    private static void subscribe(String token, String source) {
        Map<String, Object> request = Map.of("endPoint", "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hook",
                "resourceFilter", RESOURCE, "sourceFilter", source, "delivery", Map.of("retrySchedule", List.of("PT1S")));
        var created = hub.post("/events/api/v1/subscriptions", token, Map.of("Content-Type", "application/json"),
                json(request).getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String subscription = parse(created.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(
                parse(hub.get(token, "/events/api/v1/subscriptions/" + subscription).body()).get("status").asText()));
    }

    private static List<ReceivedSpan> named(String traceId, String name) {
        return collector.trace(traceId).stream().filter(span -> span.name().equals(name)).toList();
    }

    private static ReceivedSpan only(String traceId, String name) {
        List<ReceivedSpan> spans = named(traceId, name);
        assertThat(spans).as(name + " in " + collector.trace(traceId)).hasSize(1);
        return spans.get(0);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }

    /** The subscriber: agrees to the webhook handshake, fails the first push, takes the rest; keeps each traceparent. */
    private static HttpServer subscriber() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if ("OPTIONS".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("WebHook-Allowed-Origin", "budstikke.local");
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                pushed.add(exchange.getRequestHeaders().getFirst("traceparent"));
                exchange.sendResponseHeaders(pushed.size() == 1 ? 500 : 200, -1);
            }
        });
        server.start();
        return server;
    }
}
