package no.budstikke;

import static no.budstikke.support.HubClient.BATCH;
import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import no.budstikke.support.WebhookEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API calls the console's pages stand on: the caller's subscriptions with their health in one call, the
 * delivery log read newest first, and a publisher's refused publishes with their reasons.
 */
class ConsoleApiIT extends HubIntegrationTest {

    private final String org = "ca" + Long.toString(Math.abs(new Random().nextLong()), 36).substring(0, 6);
    private final String resource = "urn:altinn:resource:" + org + "-mine";
    private final String theirs = "urn:altinn:resource:" + org + "-theirs";
    private final String me = "/org/" + org;
    private final String other = "/org/" + org + "x";
    private WebhookEndpoint receiver;

    @BeforeEach
    void resources() throws IOException {
        assertThat(hub.admin("PUT", "/events/api/v1/admin/resources/" + resource, json(Map.of("owner", me)))
                .statusCode()).isIn(200, 201);
        assertThat(hub.admin("PUT", "/events/api/v1/admin/resources/" + theirs, json(Map.of("owner", other)))
                .statusCode()).isIn(200, 201);
        receiver = new WebhookEndpoint(path -> path.startsWith("/ok"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void subscriptionsWithHealthMatchTheSingleCallsAndShowOnlyTheCallersOwn() {
        String ok = subscribe(me, resource, "/ok/a");
        String second = subscribe(me, resource, "/ok/b");
        String failing = subscribe(me, resource, "/fail");
        String foreign = subscribe(other, theirs, "/ok/theirs");
        publishBatch(me, resource, 3);
        publishBatch(other, theirs, 2);
        // Settled: every attempt is logged, the failing one's deliveries are dead.
        await().atMost(Duration.ofSeconds(60)).until(() -> health(me, failing).get("deadLetters").asLong() == 3
                && health(me, failing).get("retryBacklog").asLong() == 0 && health(me, ok).get("recentAttempts").asLong() == 3
                && health(me, second).get("recentAttempts").asLong() == 3);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode page = get(me, "/events/api/v1/analytics/subscriptions");
            assertThat(page.get("count").asLong()).isEqualTo(3);
            List<String> ids = new ArrayList<>();
            for (JsonNode subscription : page.get("subscriptions")) {
                String id = subscription.get("id").asText();
                ids.add(id);
                assertThat(subscription.get("consumer").asText()).isEqualTo(me);
                assertThat(subscription.get("health")).as(id).isEqualTo(health(me, id));
            }
            assertThat(ids).containsExactly(ok, second, failing);
        });
        JsonNode failingHealth = health(me, failing);
        assertThat(failingHealth.get("successRate").asDouble()).isZero();
        assertThat(failingHealth.get("lastFailures")).hasSize(5);
        assertThat(health(me, ok).get("successRate").asDouble()).isEqualTo(1.0);

        // Pages of two: the next link goes on after the last one shown, and the other consumer's never appears.
        JsonNode first = get(me, "/events/api/v1/analytics/subscriptions?size=2");
        assertThat(first.get("subscriptions").findValuesAsText("id")).containsExactly(ok, second);
        JsonNode next = get(me, first.get("next").asText());
        assertThat(next.get("subscriptions").findValuesAsText("id")).containsExactly(failing);
        assertThat(get(me, next.get("next").asText()).get("subscriptions")).isEmpty();
        assertThat(get(other, "/events/api/v1/analytics/subscriptions").get("subscriptions").findValuesAsText("id"))
                .containsExactly(foreign);
        assertThat(hub.get(hub.token(other), "/events/api/v1/analytics/subscriptions/" + ok).statusCode()).isEqualTo(403);

        HttpResponse<String> bad = hub.get(hub.token(me), "/events/api/v1/analytics/subscriptions?size=0&after=x");
        assertProblem(bad, 400);
        assertThat(parse(bad.body()).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("size", "after");
        assertProblem(hub.get(hub.token(me), "/events/api/v1/analytics/subscriptions?size=201"), 400);
        assertThat(hub.get(null, "/events/api/v1/analytics/subscriptions").statusCode()).isEqualTo(401);
    }

    @Test
    void theDeliveryLogReadNewestFirstPagesBackwardsWithoutGapsOrRepeats() {
        String id = subscribe(me, resource, "/ok/log");
        publishBatch(me, resource, 120);
        await().atMost(Duration.ofSeconds(60)).until(() -> health(me, id).get("recentAttempts").asLong() == 120);
        List<Long> forwards = new ArrayList<>();
        String link = "/events/api/v1/subscriptions/" + id + "/deliveries?size=1000";
        forwards.addAll(get(me, link).get("deliveries").findValues("id").stream().map(JsonNode::asLong).toList());
        assertThat(forwards).hasSize(120).isSorted();

        // Newest first, 25 at a time: every line once, each page going further back, until an empty page.
        List<Long> backwards = new ArrayList<>();
        link = "/events/api/v1/subscriptions/" + id + "/deliveries?order=newest&size=25";
        for (int pages = 0; pages < 10; pages++) {
            JsonNode page = get(me, link);
            List<Long> ids = page.get("deliveries").findValues("id").stream().map(JsonNode::asLong).toList();
            if (ids.isEmpty()) {
                break;
            }
            assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            backwards.addAll(ids);
            link = page.get("next").asText();
            assertThat(link).contains("order=newest").contains("before=" + ids.get(ids.size() - 1));
        }
        assertThat(backwards).hasSize(120).doesNotHaveDuplicates();
        List<Long> reversed = new ArrayList<>(backwards);
        java.util.Collections.reverse(reversed);
        assertThat(reversed).isEqualTo(forwards);

        // A new line lands above the first page, not in a page already read.
        publishBatch(me, resource, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> health(me, id).get("recentAttempts").asLong() == 121);
        JsonNode newest = get(me, "/events/api/v1/subscriptions/" + id + "/deliveries?order=newest&size=1");
        assertThat(newest.get("deliveries").get(0).get("id").asLong()).isGreaterThan(backwards.get(0));
        assertThat(get(me, "/events/api/v1/subscriptions/" + id + "/deliveries?order=newest&status=failed")
                .get("deliveries")).isEmpty();

        HttpResponse<String> bad = hub.get(hub.token(me), "/events/api/v1/subscriptions/" + id
                + "/deliveries?order=sideways&after=1&size=0");
        assertProblem(bad, 400);
        assertThat(parse(bad.body()).get("errors").findValuesAsText("field")).contains("order", "size");
        HttpResponse<String> mixed = hub.get(hub.token(me), "/events/api/v1/subscriptions/" + id
                + "/deliveries?order=newest&after=5");
        assertProblem(mixed, 400);
        assertThat(parse(mixed.body()).get("errors").findValuesAsText("field")).containsExactly("after");
    }

    @Test
    void aPublishersRefusalsAreListedWithTheirReasonsForThatPublisherOnly() {
        String token = hub.token(me);
        // Bad fields: a single event with a bad time, and a batch whose second event has no source.
        Map<String, Object> badTime = event(resource);
        badTime.put("time", "yesterday");
        assertThat(hub.publish(token, STRUCTURED, json(badTime)).statusCode()).isEqualTo(400);
        Map<String, Object> noSource = event(resource);
        noSource.remove("source");
        assertThat(hub.publish(token, BATCH, json(List.of(event(resource), noSource))).statusCode()).isEqualTo(400);
        assertThat(hub.publish(token, BATCH, json(List.of(noSource))).statusCode()).isEqualTo(400);
        // A resource someone else owns, twice.
        assertThat(hub.publish(token, STRUCTURED, json(event(theirs))).statusCode()).isEqualTo(403);
        assertThat(hub.publish(token, STRUCTURED, json(event(theirs))).statusCode()).isEqualTo(403);
        // Too large: data over the 256 KiB an event may have.
        Map<String, Object> large = event(resource);
        large.put("data", Map.of("blob", "x".repeat(300 * 1024)));
        assertThat(hub.publish(token, STRUCTURED, json(large)).statusCode()).isEqualTo(413);
        // A conflict: the same source and id with other content.
        Map<String, Object> original = event(resource);
        assertThat(hub.publish(token, STRUCTURED, json(original)).statusCode()).isEqualTo(201);
        original.put("type", "no.budstikke.test.changed");
        assertThat(hub.publish(token, STRUCTURED, json(original)).statusCode()).isEqualTo(409);
        // Another publisher's refusal.
        assertThat(hub.publish(hub.token(other), STRUCTURED, json(event(resource))).statusCode()).isEqualTo(403);

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("invalid|ingress-http||time", 1L);
        expected.put("invalid|ingress-http||source", 2L);
        expected.put("forbidden|ingress-http|" + theirs + "|", 2L);
        expected.put("too-large|ingress-http||", 1L);
        expected.put("conflict|ingress-http|" + resource + "|", 1L);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(refusals(get(me, "/events/api/v1/analytics/refusals?period=hour"), me))
                        .isEqualTo(expected));
        JsonNode mine = get(me, "/events/api/v1/analytics/refusals");
        assertThat(mine.get("refusals").findValuesAsText("publisher")).containsOnly(me);
        assertThat(mine.get("refusals").get(0).get("total").asLong()).isEqualTo(2);
        assertThat(mine.get("refusals").get(0).get("buckets").get(0).get("refusals").asLong()).isEqualTo(2);

        // The other publisher sees only its own; an administrator sees either, by publisher.
        assertThat(refusals(get(other, "/events/api/v1/analytics/refusals"), other))
                .isEqualTo(Map.of("forbidden|ingress-http|" + resource + "|", 1L));
        String admin = hub.token("/org/budstikke-admin", List.of(HubClient.ADMIN));
        assertThat(refusals(get(admin, "/events/api/v1/analytics/refusals?publisher=" + other), other))
                .isEqualTo(Map.of("forbidden|ingress-http|" + resource + "|", 1L));
        assertThat(get(admin, "/events/api/v1/analytics/refusals?publisher=all").get("refusals")
                .findValuesAsText("publisher")).contains(me, other);
        assertThat(get(admin, "/events/api/v1/analytics/refusals").get("refusals")).as("the admin's own: none").isEmpty();
        assertThat(java.time.Instant.parse(mine.get("refusals").get(0).get("last").asText()))
                .as("when it last happened").isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)));
        // A person's refusal is kept without the number, so no person may see any: they would all be /person/***.
        String person = "/person/01038712345";
        assertThat(hub.publish(hub.token(person), STRUCTURED, json(event(resource))).statusCode()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(get(admin,
                "/events/api/v1/analytics/refusals?publisher=all").get("refusals").findValuesAsText("publisher"))
                .contains("/person/***"));
        assertThat(get(person, "/events/api/v1/analytics/refusals").get("refusals")).as("a person's view").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM publish_refusal_hour WHERE publisher LIKE '%01038712345%'",
                Long.class)).isZero();
        // Nothing of the refused events is kept: no data, no event ids.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM publish_refusal_hour WHERE publisher = ? AND ("
                + "resource || fields LIKE '%xxxx%' OR resource || fields LIKE '%yesterday%')", Long.class, me)).isZero();

        assertProblem(hub.get(token, "/events/api/v1/analytics/refusals?publisher=" + other), 403);
        HttpResponse<String> bad = hub.get(token, "/events/api/v1/analytics/refusals?period=week&from=soon");
        assertProblem(bad, 400);
        assertThat(parse(bad.body()).get("errors").findValuesAsText("field")).contains("period", "from");
    }

    /** The publisher's refusals as reason|door|resource|fields → total. */
    private static Map<String, Long> refusals(JsonNode report, String publisher) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (JsonNode row : report.get("refusals")) {
            assertThat(row.get("publisher").asText()).isEqualTo(publisher);
            List<String> fields = new ArrayList<>();
            row.get("fields").forEach(field -> fields.add(field.asText()));
            String key = row.get("reason").asText() + "|" + row.get("door").asText() + "|"
                    + (row.get("resource").isNull() ? "" : row.get("resource").asText()) + "|" + String.join(",", fields);
            totals.merge(key, row.get("total").asLong(), Long::sum);
        }
        return totals;
    }

    private static Map<String, Object> event(String resource) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", newId());
        event.put("source", "urn:budstikke:console-test");
        event.put("type", "no.budstikke.test.created");
        event.put("resource", resource);
        event.put("subject", "/organisation/974760673");
        return event;
    }

    private void publishBatch(String publisher, String resource, int events) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(event(resource));
        }
        HttpResponse<String> response = hub.publish(hub.token(publisher), events == 1 ? STRUCTURED : BATCH,
                events == 1 ? json(batch.get(0)) : json(batch));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private String subscribe(String consumer, String resource, String path) {
        Map<String, Object> request = Map.of("endPoint", receiver.url(path),
                "resourceFilter", resource, "delivery", Map.of("retrySchedule", List.of("PT1S")));
        return activeSubscription(consumer, request).get("id").asText();
    }

    private JsonNode health(String caller, String id) {
        return get(caller, "/events/api/v1/analytics/subscriptions/" + id);
    }

    private JsonNode get(String caller, String path) {
        String token = caller.startsWith("/") ? hub.token(caller) : caller;
        HttpResponse<String> response = hub.get(token, path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return parse(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
