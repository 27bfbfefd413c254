package no.budstikke;

import static no.budstikke.support.HubClient.BATCH;
import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The guarantee that matters most: a reader following {@code next} while many publishers write sees every
 * event exactly once, in registration order, and sees each within a second of its 201.
 */
class CursorGuaranteeIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final int PUBLISHERS = 8;
    private static final int EVENTS_PER_PUBLISHER = 300;

    @Test
    void readerFollowingNextSeesEveryEventOnceInOrderWhilePublishersWrite() throws Exception {
        String token = hub.token("/org/test");
        String run = java.util.UUID.randomUUID().toString();
        String subject = "/party/" + Math.abs(run.hashCode());
        Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + 1);
        long cursorStart = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM event_seq", Long.class);

        Future<Map<String, Long>> reader = pool.submit(() -> follow(token, subject, cursorStart, publishing, acknowledgedAt));
        List<Future<?>> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            publishers.add(pool.submit(() -> {
                int sent = 0;
                while (sent < EVENTS_PER_PUBLISHER) {
                    boolean batch = sent % 50 == 0;
                    int n = batch ? 10 : 1;
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        ids.add(run + "-" + publisher + "-" + (sent + i));
                    }
                    String body = batch
                            ? "[" + String.join(",", ids.stream().map(id -> event(id, RESOURCE, subject)).toList()) + "]"
                            : event(ids.get(0), RESOURCE, subject);
                    HttpResponse<String> response = hub.publish(token, batch ? BATCH : STRUCTURED, body);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                    long now = System.nanoTime();
                    ids.forEach(id -> acknowledgedAt.put(id, now));
                    sent += n;
                }
                return null;
            }));
        }
        for (Future<?> publisher : publishers) {
            publisher.get(120, TimeUnit.SECONDS);
        }
        publishing.set(false);
        Map<String, Long> seenAt = reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(seenAt.keySet()).containsExactlyInAnyOrderElementsOf(acknowledgedAt.keySet());
        long worstLagMillis = seenAt.entrySet().stream()
                .mapToLong(e -> TimeUnit.NANOSECONDS.toMillis(e.getValue() - acknowledgedAt.get(e.getKey())))
                .max().orElse(0);
        assertThat(worstLagMillis).as("worst delay from 201 to visible through next").isLessThan(1000);
    }

    /** Follows next until publishing has stopped and a page comes back empty; fails on any repeat or disorder. */
    private Map<String, Long> follow(String token, String subject, long after, AtomicBoolean publishing,
            Map<String, Long> acknowledgedAt) {
        Map<String, Long> seenAt = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = "/events/api/v1/events?resource=" + RESOURCE + "&subject=" + subject + "&size=200&after=" + after;
        long lastSequence = after;
        while (true) {
            boolean stillPublishing = publishing.get();
            HttpResponse<String> page = hub.get(token, next);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode events = parse(page.body());
            long now = System.nanoTime();
            for (JsonNode event : events) {
                String id = event.get("id").asText();
                assertThat(seen.add(id)).as("event %s seen twice", id).isTrue();
                order.add(id);
                seenAt.put(id, now);
            }
            next = page.headers().firstValue("next").orElseThrow();
            long sequence = Long.parseLong(next.substring(next.lastIndexOf("after=") + 6));
            assertThat(sequence).isGreaterThanOrEqualTo(lastSequence);
            lastSequence = sequence;
            if (events.isEmpty() && !stillPublishing) {
                break;
            }
        }
        assertOrderedPerPublisher(order);
        return seenAt;
    }

    /** Each publisher sent sequentially, so its events must appear in the order it sent them. */
    private static void assertOrderedPerPublisher(List<String> order) {
        Map<String, Integer> lastIndex = new HashMap<>();
        for (String id : order) {
            int dash = id.lastIndexOf('-');
            String publisher = id.substring(0, dash);
            int index = Integer.parseInt(id.substring(dash + 1));
            Integer previous = lastIndex.put(publisher, index);
            assertThat(previous == null || previous < index).as("order of %s", id).isTrue();
        }
    }
}
