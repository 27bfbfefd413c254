package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.analytics.EventAnalytics;
import no.budstikke.analytics.RelationWindow;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import no.budstikke.support.WebhookEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics match numbers worked out by hand for a published set of app events — with late, duplicate and
 * out-of-order events — and stay the same when the rollup replays every event from the start.
 */
class AnalyticsIT extends HubIntegrationTest {

    private static final String DAY = "2025-06-10";
    private static final String RANGE = "&from=2025-06-10T00:00:00Z&to=2025-06-12T00:00:00Z";

    private final String org = "an" + Long.toString(Math.abs(new Random().nextLong()), 36).substring(0, 6);
    private final String demo = "urn:altinn:resource:app_" + org + "_demo";
    private final String other = "urn:altinn:resource:app_" + org + "_other";
    private String owner;
    private WebhookEndpoint receiver;
    @org.springframework.beans.factory.annotation.Autowired
    private EventAnalytics analytics;

    @BeforeEach
    void resources() throws IOException {
        for (String resource : List.of(demo, other)) {
            assertThat(hub.admin("PUT", "/events/api/v1/admin/resources/" + resource,
                    json(Map.of("owner", "/org/" + org))).statusCode()).isIn(200, 201);
        }
        owner = hub.token("/org/" + org, List.of(HubClient.PUBLISH, HubClient.SUBSCRIBE));
        // Takes deliveries on /ok and fails them on /fail.
        receiver = new WebhookEndpoint(path -> path.startsWith("/ok"));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void rollupsMatchHandComputedNumbersWithLateAndDuplicateEventsAndSurviveAReplay() throws Exception {
        String i1 = instance("demo", "P1");
        String i2 = instance("other", "P1");
        String i3 = instance("demo", "P2");
        String i4 = instance("other", "P2");
        String i5 = instance("other", "P3");
        String i6 = instance("demo", "P3");
        String i7 = instance("demo", "P4");

        // P1 uses other at 10:30, but the demo instance it created at 10:00 arrives later: demo → other within an hour.
        String i1Created = app(i1, "app.instance.created", "10:00");
        publish(app(i2, "app.instance.created", "10:30"));
        publish(i1Created);
        assertThat(hub.publish(owner, STRUCTURED, i1Created).statusCode()).as("the same event again").isEqualTo(200);
        publish(app(i1, "app.instance.created", "10:00"));
        publish(app(i1, "app.instance.process.movedTo.Task_1", "10:00"));
        publish(app(i1, "app.instance.process.movedTo.Task_2", "10:10"));
        publish(app(i1, "app.instance.process.movedTo.Task_2", "10:10"));
        publish(app(i1, "app.instance.process.completed", "10:40"));
        // P2: demo at 11:00, other the next morning (22 hours later).
        publish(app(i3, "app.instance.created", "11:00"));
        publish(app(i3, "app.instance.process.movedTo.Task_1", "11:00"));
        publish(app(i3, "app.instance.process.movedTo.Task_2", "11:20"));
        publish(app(i3, "app.instance.process.completed", "12:20"));
        publish(app(i4, "app.instance.created", "2025-06-11T09:00:00Z"));
        // P3: other, then demo ten minutes later; demo's Task_1 never ends.
        publish(app(i5, "app.instance.created", "10:05"));
        publish(app(i6, "app.instance.created", "10:15"));
        publish(app(i6, "app.instance.process.movedTo.Task_1", "10:15"));
        // P4: Task_1 from 13:00 to the end at 14:00 …
        publish(app(i7, "app.instance.process.movedTo.Task_1", "13:00"));
        publish(app(i7, "app.instance.process.completed", "14:00"));
        // P5 (other): Task_1 from 23:50 to the end at 01:00 the next day …
        String i8 = instance("other", "P5");
        publish(app(i8, "app.instance.process.movedTo.Task_1", DAY + "T23:50:00Z"));
        publish(app(i8, "app.instance.process.completed", "2025-06-11T01:00:00Z"));
        awaitRollups();
        assertThat(task(get("/analytics/tasks?period=day&resource=" + other + RANGE), "Task_1").get("meanMs").asLong())
                .isEqualTo(4_200_000);
        JsonNode task1 = task(get("/analytics/tasks?period=hour&resource=" + demo + RANGE), "Task_1");
        assertThat(bucket(task1, DAY + "T13:00:00Z").get("medianMs").asLong()).isCloseTo(3_600_000, within(36_000L));

        // … until the late movedTo.Task_2 at 13:40 splits it: 40 minutes of Task_1, 20 of Task_2.
        publish(app(i7, "app.instance.process.movedTo.Task_2", "13:40"));
        publish(app(i7, "app.instance.created", "13:00"));
        // … until a late movedTo.Task_2 at 00:20 splits it across midnight: 30 minutes on the 10th, 40 on the 11th.
        publish(app(i8, "app.instance.process.movedTo.Task_2", "2025-06-11T00:20:00Z"));
        awaitRollups();
        assertHandComputedNumbers();

        // Replay: the rollup reads every event again from the start; nothing is counted twice.
        jdbc.update("UPDATE dispatch_checkpoint SET last_seq = 0 WHERE name = 'analytics'");
        awaitRollups();
        assertHandComputedNumbers();

        // Retention forgets the per-instance detail; the rollups keep the numbers.
        analytics.forgetBefore(java.time.OffsetDateTime.parse("2025-06-12T00:00:00Z").plus(RelationWindow.LONGEST));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM analytics_step WHERE instance LIKE ?", Long.class,
                "https://" + org + ".%")).isZero();
        assertHandComputedNumbers();
    }

    @Test
    void eventsInAndDeliveriesAreCountedPerResourceAndOutcome() {
        String ok = subscribe("/ok", "ok");
        String failing = subscribe("/fail", "x");
        String i1 = instance("demo", "P9");
        publish(app(i1, "app.instance.created", "09:00"));
        publish(app(i1, "app.instance.process.movedTo.Task_1", "09:00"));
        publish(app(i1, "app.instance.process.movedTo.Task_1", "09:00"));
        // The failing endpoint's sixth failure opens its circuit for 10 s: ~14 s here, more on a slower machine.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode deliveries = get("/analytics/deliveries?period=day&resource=" + demo).get("resources");
            assertThat(outcomes(deliveries)).containsEntry("delivered", 3L).containsEntry("failed", 3L)
                    .containsEntry("dead", 3L);
        });
        JsonNode events = get("/analytics/events?period=hour&resource=" + demo).get("resources").get(0);
        assertThat(events.get("total").asLong()).isEqualTo(3);
        Map<String, Long> perType = new LinkedHashMap<>();
        events.get("types").forEach(type -> perType.put(type.get("type").asText(), type.get("total").asLong()));
        assertThat(perType).containsExactly(Map.entry("app.instance.created", 1L),
                Map.entry("app.instance.process.movedTo.Task_1", 2L));
        assertThat(ok).isNotEqualTo(failing);
    }

    @Test
    void ownersSeeOnlyTheirOwnResourcesAndBadParametersAreProblems() {
        var foreign = hub.get(hub.token("/org/skd"), "/events/api/v1/analytics/instances?resource=" + demo);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode mine = parse(hub.get(hub.token("/org/skd"), "/events/api/v1/analytics/instances" + "?period=day").body());
        mine.get("apps").forEach(app -> assertThat(app.get("resource").asText()).doesNotContain(org));

        var bad = hub.get(owner, "/events/api/v1/analytics/relations?window=P2D&period=week&from=yesterday&top=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        List<String> fields = parse(bad.body()).get("errors").findValuesAsText("field");
        assertThat(fields).contains("period", "window", "from", "top");
        assertThat(hub.get(owner, "/events/api/v1/analytics/hours?period=day").statusCode()).isEqualTo(404);
        assertThat(hub.get(owner, "/events/api/v1/analytics/instances?period=hour"
                + "&from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z").statusCode()).isEqualTo(400);
        assertThat(hub.get(null, "/events/api/v1/analytics/instances").statusCode()).isEqualTo(401);
    }

    private void assertHandComputedNumbers() {
        // Instances: demo I1, I6 at 10h, I3 at 11h, I7 at 13h (duplicates counted once); other I2, I5 at 10h, I4 next day.
        JsonNode instances = get("/analytics/instances?period=day" + RANGE).get("apps");
        assertThat(series(instances, demo)).isEqualTo(Map.of(DAY + "T00:00:00Z", 4L));
        assertThat(series(instances, other)).isEqualTo(Map.of(DAY + "T00:00:00Z", 2L, "2025-06-11T00:00:00Z", 1L));
        JsonNode hourly = get("/analytics/instances?period=hour&resource=" + demo + RANGE).get("apps");
        assertThat(series(hourly, demo)).isEqualTo(Map.of(DAY + "T10:00:00Z", 2L, DAY + "T11:00:00Z", 1L,
                DAY + "T13:00:00Z", 1L));

        // Task_1: 10, 20 and 40 minutes (I6's is still open); Task_2: 30, 60 and 20 minutes. Nearest rank, ±1 %.
        JsonNode tasks = get("/analytics/tasks?period=day&resource=" + demo + RANGE);
        JsonNode task1 = task(tasks, "Task_1");
        assertThat(task1.get("count").asLong()).isEqualTo(3);
        assertThat(task1.get("medianMs").asLong()).isCloseTo(1_200_000, within(12_000L));
        assertThat(task1.get("p90Ms").asLong()).isCloseTo(2_400_000, within(24_000L));
        assertThat(task1.get("meanMs").asLong()).isEqualTo(1_400_000);
        JsonNode task2 = task(tasks, "Task_2");
        assertThat(task2.get("count").asLong()).isEqualTo(3);
        assertThat(task2.get("medianMs").asLong()).isCloseTo(1_800_000, within(18_000L));
        assertThat(task2.get("p90Ms").asLong()).isCloseTo(3_600_000, within(36_000L));
        JsonNode task1Hourly = task(get("/analytics/tasks?period=hour&resource=" + demo + RANGE), "Task_1");
        assertThat(bucket(task1Hourly, DAY + "T13:00:00Z").get("count").asLong()).isEqualTo(1);
        assertThat(bucket(task1Hourly, DAY + "T13:00:00Z").get("medianMs").asLong()).isCloseTo(2_400_000, within(24_000L));
        assertThat(bucket(task1Hourly, DAY + "T10:00:00Z").get("medianMs").asLong()).isCloseTo(600_000, within(6_000L));

        // Across midnight (other, P5): the daily report, read from the daily rollup, puts each duration in its day.
        JsonNode otherDaily = get("/analytics/tasks?period=day&resource=" + other + RANGE);
        JsonNode otherTask1 = task(otherDaily, "Task_1");
        assertThat(otherTask1.get("count").asLong()).isEqualTo(1);
        assertThat(otherTask1.get("meanMs").asLong()).isEqualTo(1_800_000);
        assertThat(bucket(otherTask1, DAY + "T00:00:00Z").get("medianMs").asLong()).isCloseTo(1_800_000, within(18_000L));
        assertThat(otherTask1.get("buckets")).hasSize(1);
        JsonNode otherTask2 = task(otherDaily, "Task_2");
        assertThat(bucket(otherTask2, "2025-06-11T00:00:00Z").get("meanMs").asLong()).isEqualTo(2_400_000);
        assertThat(otherTask2.get("buckets")).hasSize(1);
        JsonNode otherHourly = get("/analytics/tasks?period=hour&resource=" + other + RANGE);
        assertThat(bucket(task(otherHourly, "Task_1"), DAY + "T23:00:00Z").get("meanMs").asLong()).isEqualTo(1_800_000);
        assertThat(bucket(task(otherHourly, "Task_2"), "2025-06-11T00:00:00Z").get("count").asLong()).isEqualTo(1);
        // And the daily rollup is exactly the sum of the hourly one, row for row (rows that came to zero aside).
        String hoursByDay = "SELECT resource, task, date_trunc('day', hour, 'UTC'), bucket, sum(durations), sum(total_ms) "
                + "FROM analytics_task_hour WHERE resource IN (?, ?) GROUP BY 1, 2, 3, 4 "
                + "HAVING sum(durations) <> 0 OR sum(total_ms) <> 0";
        String days = "SELECT resource, task, day, bucket, durations, total_ms FROM analytics_task_day "
                + "WHERE resource IN (?, ?) AND (durations <> 0 OR total_ms <> 0)";
        assertThat(jdbc.queryForObject("SELECT count(*) FROM (" + days + ") d", Long.class, demo, other)).isEqualTo(8);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ((" + hoursByDay + ") EXCEPT (" + days + ")) x", Long.class,
                demo, other, demo, other)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ((" + days + ") EXCEPT (" + hoursByDay + ")) x", Long.class,
                demo, other, demo, other)).isZero();

        // Relations: P1 demo → other after 30 min, P3 other → demo after 10 min, P2 demo → other after 22 hours.
        assertThat(pairs(get("/analytics/relations?window=PT1H" + RANGE))).isEqualTo(Map.of(demo + ">" + other, 1L,
                other + ">" + demo, 1L));
        assertThat(pairs(get("/analytics/relations?window=P1D" + RANGE))).isEqualTo(Map.of(demo + ">" + other, 2L,
                other + ">" + demo, 1L));
        JsonNode top = get("/analytics/relations?window=P7D&top=1" + RANGE).get("pairs");
        assertThat(top).hasSize(1);
        assertThat(top.get(0).get("from").asText()).isEqualTo(demo);
    }

    private void awaitRollups() {
        long last = jdbc.queryForObject("SELECT max(seq) FROM event", Long.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT last_seq FROM dispatch_checkpoint WHERE name = 'analytics'", Long.class) >= last);
    }

    private String instance(String app, String party) {
        return "https://" + org + ".apps.altinn.no/" + org + "/" + app + "/instances/" + party + "/" + newId();
    }

    /** An app event of the instance at a time on the test day ("10:00") or at a full RFC 3339 time. */
    private String app(String instance, String type, String time) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", newId());
        event.put("source", instance);
        event.put("type", type);
        event.put("resource", instance.contains("/demo/") ? demo : other);
        event.put("subject", "/party/" + org + instance.replaceAll(".*/instances/([^/]+)/.*", "$1"));
        event.put("time", time.length() == 5 ? DAY + "T" + time + ":00Z" : time);
        return json(event);
    }

    private void publish(String event) {
        var response = hub.publish(owner, STRUCTURED, event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private String subscribe(String path, String marker) {
        Map<String, Object> request = Map.of("endPoint", receiver.url(path),
                "resourceFilter", demo, "delivery", Map.of("retrySchedule", List.of("PT1S")));
        var response = hub.post("/events/api/v1/subscriptions", owner, Map.of("Content-Type", "application/json"),
                json(request).getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(marker + response.body()).isEqualTo(201);
        String id = parse(response.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> "active".equals(
                parse(hub.get(owner, "/events/api/v1/subscriptions/" + id).body()).get("status").asText()));
        return id;
    }

    private JsonNode get(String path) {
        var response = hub.get(owner, "/events/api/v1" + path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body());
    }

    private static Map<String, Long> series(JsonNode apps, String resource) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        apps.forEach(app -> {
            if (app.get("resource").asText().equals(resource)) {
                app.get("buckets").forEach(b -> buckets.put(b.get("start").asText(), b.get("instances").asLong()));
            }
        });
        return buckets;
    }

    private static JsonNode task(JsonNode report, String task) {
        for (JsonNode candidate : report.get("apps").get(0).get("tasks")) {
            if (candidate.get("task").asText().equals(task)) {
                return candidate;
            }
        }
        throw new AssertionError("no task " + task + " in " + report);
    }

    private static JsonNode bucket(JsonNode task, String start) {
        for (JsonNode bucket : task.get("buckets")) {
            if (bucket.get("start").asText().equals(start)) {
                return bucket;
            }
        }
        throw new AssertionError("no bucket " + start + " in " + task);
    }

    private static Map<String, Long> pairs(JsonNode report) {
        Map<String, Long> pairs = new LinkedHashMap<>();
        report.get("pairs").forEach(p -> pairs.put(p.get("from").asText() + ">" + p.get("to").asText(),
                p.get("weight").asLong()));
        return pairs;
    }

    private static Map<String, Long> outcomes(JsonNode resources) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        resources.forEach(r -> r.get("outcomes").forEach(o -> outcomes.put(o.get("outcome").asText(),
                o.get("total").asLong())));
        return outcomes;
    }
}
