package no.budstikke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import no.budstikke.authorization.EventAccess;
import no.budstikke.delivery.DeliveryJob;
import no.budstikke.delivery.DeliveryQueue;
import no.budstikke.support.HubIntegrationTest;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery end to end: real publishes through the hub, real pushes to a local receiver (WireMock on 127.0.0.1),
 * retries by the subscription's own schedule, dead letters, redelivery, replay, 410, Retry-After, redirects,
 * the authorization check before each push, and AMQP delivery read back with an AMQP 1.0 client.
 */
class DeliveryIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static WireMockServer receiver;

    @org.springframework.beans.factory.annotation.Autowired
    private DeliveryQueue queue;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void everyEndpointAgreesToTheHandshake() {
        receiver.stubFor(request("OPTIONS", anyUrl()).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("WebHook-Allowed-Origin", "budstikke.local")));
    }

    @Test
    void filtersDeliverExactlyTheMatchingEvents() {
        String path = "/filters/" + UUID.randomUUID();
        String subject = "/party/" + UUID.randomUUID();
        String alternative = "/organisation/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path + "/type")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo(path + "/prefix")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo(path + "/subject")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo(path + "/alternative")).willReturn(aResponse().withStatus(202)));
        receiver.stubFor(post(urlEqualTo(path + "/source")).willReturn(aResponse().withStatus(200)));
        String marker = "urn:budstikke:filters:" + UUID.randomUUID();
        activeWebhook(Map.of("endPoint", url(path + "/type"), "resourceFilter", RESOURCE, "sourceFilter", marker,
                "typeFilter", "no.budstikke.filter.exact"));
        activeWebhook(Map.of("endPoint", url(path + "/prefix"), "resourceFilter", RESOURCE, "sourceFilter", marker,
                "typeFilter", "no.budstikke.filter.pre*"));
        activeWebhook(Map.of("endPoint", url(path + "/subject"), "resourceFilter", RESOURCE, "subjectFilter", subject));
        activeWebhook(Map.of("endPoint", url(path + "/alternative"), "resourceFilter", RESOURCE,
                "alternativeSubjectFilter", alternative));
        activeWebhook(Map.of("endPoint", url(path + "/source"), "resourceFilter", RESOURCE, "sourceFilter", marker + ":b"));

        String exact = publish(marker, "no.budstikke.filter.exact", null, null);
        String exactPlus = publish(marker, "no.budstikke.filter.exactly", null, null);
        String prefixed = publish(marker, "no.budstikke.filter.prefixed", null, null);
        String bySubject = publish("urn:budstikke:other", "no.budstikke.any", subject, null);
        String otherSubject = publish("urn:budstikke:other", "no.budstikke.any", subject + "x", null);
        String byAlternative = publish("urn:budstikke:other", "no.budstikke.any", "/party/1", alternative);
        String bySource = publish(marker + ":b", "no.budstikke.any", null, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ids(path + "/type")).containsExactly(exact);
            assertThat(ids(path + "/prefix")).containsExactly(prefixed);
            assertThat(ids(path + "/subject")).containsExactly(bySubject);
            assertThat(ids(path + "/alternative")).containsExactly(byAlternative);
            assertThat(ids(path + "/source")).containsExactly(bySource);
        });
        assertThat(List.of(exactPlus, otherSubject)).doesNotContainAnyElementsOf(allDeliveredIds(path));
    }

    @Test
    void withTracingOffNoTraceContextIsStoredAndEachPushCarriesAFreshTraceparent() {
        String path = "/untraced/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:untraced:" + UUID.randomUUID();
        activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source));
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String id = newId();

        var published = hub.post("/events/api/v1/events", hub.token(OWNER), Map.of("Content-Type", STRUCTURED,
                "traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01"),
                eventJson(id, source, "no.budstikke.untraced", null, null).getBytes(StandardCharsets.UTF_8));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(15)).until(() -> requests(path).size() == 1);
        assertThat(requests(path).get(0).getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .doesNotContain(callerTrace);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event WHERE id = ? AND traceparent IS NULL", Long.class, id))
                .as("the event is stored without a trace context").isEqualTo(1);
    }

    @Test
    void pushIsSignedPerStandardWebhooksAndCarriesTheStoredEvent() throws Exception {
        String path = "/signed/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:signed:" + UUID.randomUUID();
        JsonNode subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source));
        String secret = subscription.get("signingSecret").asText();

        String id = publish(source, "no.budstikke.signed", null, null);

        await().atMost(Duration.ofSeconds(15)).until(() -> requests(path).size() == 1);
        LoggedRequest push = requests(path).get(0);
        String webhookId = push.getHeader("webhook-id");
        String timestamp = push.getHeader("webhook-timestamp");
        byte[] body = push.getBody();
        assertThat(push.getHeader("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(push.getHeader("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000)).isLessThan(30);
        assertThat(push.getHeader("webhook-signature").split(" "))
                .contains("v1," + standardWebhooksSignature(secret, webhookId, timestamp, body));
        JsonNode delivered = parse(new String(body, StandardCharsets.UTF_8));
        assertThat(delivered.get("id").asText()).isEqualTo(id);
        assertThat(delivered.get("source").asText()).isEqualTo(source);
        assertThat(delivered.get("data").get("n").asText()).isEqualTo(id);
    }

    @Test
    void failedPushesRetryOnTheSubscriptionsScheduleThenDeadLetterAndRedeliver() {
        String path = "/failing/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(500)));
        String source = "urn:budstikke:failing:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source,
                "delivery", Map.of("retrySchedule", List.of("PT1S", "PT1S")))).get("id").asText();

        String id = publish(source, "no.budstikke.failing", null, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(subscription, "dead").size() == 1);
        List<LoggedRequest> attempts = requests(path);
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(r -> r.getHeader("webhook-id")).containsOnly(attempts.get(0).getHeader("webhook-id"));
        assertThat(deliveries(subscription, "failed")).hasSize(2);
        JsonNode dead = deliveries(subscription, "dead").get(0);
        assertThat(dead.get("eventId").asText()).isEqualTo(id);
        assertThat(dead.get("attempt").asInt()).isEqualTo(3);
        assertThat(dead.get("statusCode").asInt()).isEqualTo(500);
        assertThat(java.time.Instant.parse(dead.get("time").asText())).isBefore(java.time.Instant.now());

        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        var redeliver = hub.post("/events/api/v1/subscriptions/" + subscription + "/deadletters/redeliver",
                hub.token(OWNER), Map.of(), new byte[0]);
        assertThat(redeliver.statusCode()).as(redeliver.body()).isEqualTo(202);
        assertThat(parse(redeliver.body()).get("queued").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(subscription, "delivered").size() == 1);
        assertThat(requests(path)).hasSize(4);
        String metrics = hub.get(null, "/prometheus").body();
        assertThat(metrics).containsPattern("budstikke_deliveries_total\\{[^}]*outcome=\"dead\"[^}]*\\} [1-9]")
                .containsPattern("budstikke_deliveries_total\\{[^}]*outcome=\"failed\"[^}]*\\} [1-9]")
                .containsPattern("budstikke_delivery_lag_seconds_count\\{[^}]*\\} [1-9]")
                .contains("budstikke_delivery_retry_backlog");
        assertThat(requests(path).get(3).getHeader("webhook-id")).isEqualTo(attempts.get(0).getHeader("webhook-id"));
    }

    @Test
    void aTimedOutPushIsRetried() {
        String path = "/slow/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000)).willSetStateTo("fast"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:slow:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source,
                "delivery", Map.of("retrySchedule", List.of("PT1S"), "timeout", "PT1S"))).get("id").asText();

        publish(source, "no.budstikke.slow", null, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(subscription, "delivered").size() == 1);
        JsonNode failed = deliveries(subscription, "failed").get(0);
        assertThat(failed.get("error").asText()).contains("timed out");
        assertThat(deliveries(subscription, "delivered").get(0).get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aBusyEndpointsJobsWaitInTheBrokerAndEachArrivesOnce() {
        String path = "/busy/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
        String source = "urn:budstikke:busy:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source,
                "delivery", Map.of("maxConcurrency", 1))).get("id").asText();

        List<String> published = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            published.add(publish(source, "no.budstikke.busy", null, null));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(subscription, "delivered").size() == 6);
        assertThat(ids(path)).containsExactlyInAnyOrderElementsOf(published);
        assertThat(deliveries(subscription, "delivered")).extracting(line -> line.get("attempt").asInt()).containsOnly(1);
    }

    @Test
    void waitingJobsOfManyEventsTravelInOneMessageAndAreEachPushed() {
        String path = "/waiting/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE,
                "sourceFilter", "urn:budstikke:nothing-published-here")).get("id").asText();
        List<DeliveryJob> jobs = new java.util.ArrayList<>();
        for (long seq = 1; seq <= 3; seq++) {
            String id = newId();
            jobs.add(new DeliveryJob(jdbc.queryForObject("SELECT id FROM subscription WHERE number = ?::bigint",
                    UUID.class, subscription), seq, id,
                    eventJson(id, "urn:budstikke:waiting", "no.budstikke.waiting", null, null),
                    new EventAccess(RESOURCE, null, null), System.currentTimeMillis(), 0, 0));
        }

        queue.enqueueLater(List.of(new DeliveryQueue.Later(jobs, Duration.ofMillis(200))));

        await().atMost(Duration.ofSeconds(15)).until(() -> requests(path).size() == 3);
        assertThat(ids(path)).containsExactlyInAnyOrderElementsOf(jobs.stream().map(DeliveryJob::eventId).toList());
        assertThat(requests(path)).extracting(r -> r.getHeader("webhook-id"))
                .containsExactlyInAnyOrderElementsOf(jobs.stream().map(DeliveryJob::webhookId).toList());
    }

    @Test
    void aPageDispatchedAgainAfterACrashBetweenTheTwoCommitsIsPushedOnce() {
        String path = "/repeated-page/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE,
                "sourceFilter", "urn:budstikke:nothing-published-here")).get("id").asText();
        UUID subscriptionId = jdbc.queryForObject("SELECT id FROM subscription WHERE number = ?::bigint", UUID.class,
                subscription);
        List<DeliveryJob> page = new java.util.ArrayList<>();
        for (long seq = 1; seq <= 4; seq++) {
            String id = newId();
            page.add(new DeliveryJob(subscriptionId, seq, id, eventJson(id, "urn:budstikke:repeated", "no.budstikke.repeated",
                    null, null), new EventAccess(RESOURCE, null, null), System.currentTimeMillis(), 0, 0));
        }
        queue.enqueueOnce(page.subList(0, 3));
        await().atMost(Duration.ofSeconds(15)).until(() -> requests(path).size() == 3);

        // The database rolled back, the broker kept the first three: the page comes again, now with one event more.
        queue.enqueueOnce(page);

        await().atMost(Duration.ofSeconds(15)).until(() -> requests(path).size() >= 4);
        String marker = newId();
        queue.enqueueOnce(List.of(new DeliveryJob(subscriptionId, 5, marker, eventJson(marker, "urn:budstikke:repeated",
                "no.budstikke.repeated", null, null), new EventAccess(RESOURCE, null, null), System.currentTimeMillis(), 0, 0)));
        await().atMost(Duration.ofSeconds(15)).until(() -> ids(path).contains(marker));
        assertThat(ids(path)).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                page.stream().map(DeliveryJob::eventId), java.util.stream.Stream.of(marker)).toList());
    }

    @Test
    void aRepeatedPageNamesItsMessagesTheSameWhateverTheOrderOfTheirSubscriptions() {
        List<String> paths = new java.util.ArrayList<>();
        List<UUID> subscriptions = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String path = "/repeated-order/" + UUID.randomUUID();
            receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
            String number = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE,
                    "sourceFilter", "urn:budstikke:nothing-published-here")).get("id").asText();
            paths.add(path);
            subscriptions.add(jdbc.queryForObject("SELECT id FROM subscription WHERE number = ?::bigint", UUID.class, number));
        }
        String id = newId();
        String json = eventJson(id, "urn:budstikke:repeated", "no.budstikke.repeated", null, null);
        List<DeliveryJob> jobs = subscriptions.stream().map(subscription -> new DeliveryJob(subscription, 7, id, json,
                new EventAccess(RESOURCE, null, null), System.currentTimeMillis(), 0, 0)).toList();

        queue.enqueueOnce(jobs);
        // A node restarted after the crash matches the event from an index loaded in another order.
        queue.enqueueOnce(List.of(jobs.get(1), jobs.get(0)));

        String marker = newId();
        queue.enqueueOnce(List.of(new DeliveryJob(subscriptions.get(0), 8, marker, eventJson(marker, "urn:budstikke:repeated",
                "no.budstikke.repeated", null, null), new EventAccess(RESOURCE, null, null), System.currentTimeMillis(), 0, 0)));
        await().atMost(Duration.ofSeconds(15)).until(() -> ids(paths.get(0)).contains(marker) && ids(paths.get(1)).contains(id));
        assertThat(ids(paths.get(0))).containsExactlyInAnyOrder(id, marker);
        assertThat(ids(paths.get(1))).containsExactly(id);
    }

    @Test
    void goneDisablesTheSubscription() {
        String path = "/gone/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(410)));
        String source = "urn:budstikke:gone:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source))
                .get("id").asText();

        publish(source, "no.budstikke.gone", null, null);

        await().atMost(Duration.ofSeconds(15)).until(() -> "disabled".equals(
                parse(hub.get(hub.token(OWNER), "/events/api/v1/subscriptions/" + subscription).body()).get("status").asText()));
        publish(source, "no.budstikke.gone", null, null);
        String marker = publishAndAwaitDispatch(source);
        assertThat(marker).isNotNull();
        assertThat(requests(path)).hasSize(1);
        assertThat(deliveries(subscription, "failed").get(0).get("statusCode").asInt()).isEqualTo(410);
    }

    @Test
    void retryAfterDefersTheNextAttempt() {
        String path = "/busy/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("ok"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:busy:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source,
                "delivery", Map.of("retrySchedule", List.of("PT1S", "PT10S")))).get("id").asText();

        publish(source, "no.budstikke.busy", null, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(subscription, "delivered").size() == 1);
        List<LoggedRequest> attempts = requests(path);
        long gap = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        assertThat(gap).as("the second attempt waited for Retry-After, not the 1 s of the schedule").isBetween(2900L, 8000L);
    }

    @Test
    void redirectsAreNotFollowed() {
        String path = "/moved/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(307).withHeader("Location", url(path + "/target"))));
        receiver.stubFor(any(urlEqualTo(path + "/target")).willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:moved:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source,
                "delivery", Map.of("retrySchedule", List.of("PT1S")))).get("id").asText();

        publish(source, "no.budstikke.moved", null, null);

        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(subscription, "dead").size() == 1);
        assertThat(deliveries(subscription, "dead").get(0).get("statusCode").asInt()).isEqualTo(307);
        assertThat(requests(path + "/target")).isEmpty();
    }

    @Test
    void aDuplicatePublishIsPushedOnceAndReplayResendsAsNewDeliveries() {
        String path = "/once/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:once:" + UUID.randomUUID();
        String subscription = activeWebhook(Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source))
                .get("id").asText();
        String id = newId();
        String body = eventJson(id, source, "no.budstikke.once", null, null);
        assertThat(hub.publish(hub.token(OWNER), STRUCTURED, body).statusCode()).isEqualTo(201);
        assertThat(hub.publish(hub.token(OWNER), STRUCTURED, body).statusCode()).isEqualTo(200);
        String second = publish(source, "no.budstikke.once", null, null);
        publish("urn:budstikke:not-this-one", "no.budstikke.once", null, null);

        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(subscription, "delivered").size() == 2);
        assertThat(ids(path)).containsExactlyInAnyOrder(id, second);

        var replay = hub.post("/events/api/v1/subscriptions/" + subscription + "/replay?after=0", hub.token(OWNER), Map.of(),
                new byte[0]);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        assertThat(parse(replay.body()).get("queued").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(15)).until(() -> requests(path).size() == 4);
        assertThat(ids(path)).containsExactlyInAnyOrder(id, second, id, second);
        List<String> webhookIds = requests(path).stream().map(r -> r.getHeader("webhook-id")).toList();
        assertThat(webhookIds).doesNotHaveDuplicates();
    }

    @Test
    void aConsumerWhoMayNoLongerReadTheEventsGetsNothing() {
        String path = "/revoked/" + UUID.randomUUID();
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String source = "urn:budstikke:revoked:" + UUID.randomUUID();
        // A consumer granted the resource subscribes, then loses the grant through the admin API.
        String consumer = "/org/revoked-" + UUID.randomUUID().toString().substring(0, 8);
        var granted = hub.admin("POST", "/events/api/v1/admin/grants",
                json(Map.of("holder", consumer, "resource", RESOURCE)));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        String subscription = activeSubscription(consumer,
                Map.of("endPoint", url(path), "resourceFilter", RESOURCE, "sourceFilter", source)).get("id").asText();
        var withdrawn = hub.admin("DELETE", "/events/api/v1/admin/grants?holder=" + consumer + "&resource=" + RESOURCE,
                null);
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            publish(source, "no.budstikke.revoked", null, null);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery_attempt WHERE subscription_id = (SELECT id FROM subscription WHERE number = ?::bigint) "
                    + "AND outcome = 'unauthorized'", Long.class, subscription)).isPositive();
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery_attempt WHERE subscription_id = (SELECT id FROM subscription WHERE number = ?::bigint) "
                + "AND outcome <> 'unauthorized'", Long.class, subscription)).isZero();
        assertThat(requests(path)).isEmpty();
    }

    @Test
    void amqpSubscribersReadTheEventFromTheirQueueWithAnAmqpClient() throws Exception {
        String queue = AMQP_READER_QUEUE;
        String source = "urn:budstikke:amqp:" + UUID.randomUUID();
        var created = hub.post("/events/api/v1/subscriptions", hub.token(OWNER), Map.of("Content-Type", "application/json"),
                json(Map.of("endPoint", "amqp:" + queue, "resourceFilter", RESOURCE, "sourceFilter", source))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(parse(created.body()).get("status").asText()).isEqualTo("active");

        JmsConnectionFactory factory = new JmsConnectionFactory("it-reader", BROKER_PASSWORD, "amqp://127.0.0.1:" + amqpPort());
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // The subscriber attaches before the first delivery has created its queue.
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            String id = publish(source, "no.budstikke.amqp", null, null);
            Message message = consumer.receive(15_000);
            assertThat(message).isNotNull();
            AmqpJmsMessageFacade facade = (AmqpJmsMessageFacade) ((JmsMessage) message).getFacade();
            assertThat(facade.getContentType().toString()).isEqualTo("application/cloudevents+json");
            JsonNode event = parse(new String(message.getBody(byte[].class), StandardCharsets.UTF_8));
            assertThat(event.get("id").asText()).isEqualTo(id);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private JsonNode activeWebhook(Map<String, Object> request) {
        return activeSubscription(OWNER, request);
    }

    private String publish(String source, String type, String subject, String alternativeSubject) {
        String id = newId();
        var response = hub.publish(hub.token(OWNER), STRUCTURED, eventJson(id, source, type, subject, alternativeSubject));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return id;
    }

    /** Publishes one more event and waits until the dispatcher has passed it. */
    private String publishAndAwaitDispatch(String source) {
        String id = publish(source, "no.budstikke.marker", null, null);
        long seq = jdbc.queryForObject("SELECT seq FROM event WHERE id = ?", Long.class, id);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject("SELECT last_seq FROM dispatch_checkpoint WHERE name = 'dispatcher'", Long.class) >= seq);
        return id;
    }

    private static String eventJson(String id, String source, String type, String subject, String alternativeSubject) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("resource", RESOURCE);
        if (subject != null) {
            event.put("subject", subject);
        }
        if (alternativeSubject != null) {
            event.put("alternativesubject", alternativeSubject);
        }
        event.put("data", Map.of("n", id));
        return json(event);
    }

    private List<JsonNode> deliveries(String subscription, String status) {
        var response = hub.get(hub.token(OWNER), "/events/api/v1/subscriptions/" + subscription + "/deliveries?status=" + status);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> lines = new java.util.ArrayList<>();
        parse(response.body()).get("deliveries").forEach(lines::add);
        return lines;
    }

    private static List<LoggedRequest> requests(String path) {
        return receiver.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private static List<String> ids(String path) {
        return requests(path).stream().map(r -> parse(r.getBodyAsString()).get("id").asText()).toList();
    }

    private static List<String> allDeliveredIds(String pathPrefix) {
        return receiver.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith(pathPrefix) && "POST".equals(r.getMethod().getName()))
                .map(r -> parse(r.getBodyAsString()).get("id").asText()).toList();
    }

    /** Standard Webhooks, written from the specification: HMAC-SHA256 over "{id}.{timestamp}.{body}", base64. */
    private static String standardWebhooksSignature(String secret, String id, String timestamp, byte[] body) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
