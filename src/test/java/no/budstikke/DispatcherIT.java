package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/** Committed events become delivery jobs for exactly the matching active subscriptions, once each. */
class DispatcherIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";

    @Test
    void matchingEventsBecomeOneJobPerSubscriptionAndDuplicatesBecomeNone() {
        String token = hub.token("/org/test");
        String subject = "/party/" + Math.abs(newId().hashCode());
        String subscription = parse(hub.post("/events/api/v1/subscriptions", token, Map.of("Content-Type", "application/json"),
                ("{\"endPoint\":\"amqp:test.dispatch\",\"resourceFilter\":\"" + RESOURCE + "\",\"subjectFilter\":\""
                        + subject + "\"}").getBytes(StandardCharsets.UTF_8)).body()).get("id").asText();
        String matching = newId();
        String other = newId();
        String body = event(matching, RESOURCE, subject);

        assertThat(hub.publish(token, STRUCTURED, body).statusCode()).isEqualTo(201);
        assertThat(hub.publish(token, STRUCTURED, body).statusCode()).isEqualTo(200);
        assertThat(hub.publish(token, STRUCTURED, event(other, RESOURCE, "/party/somebody-else")).statusCode()).isEqualTo(201);
        long last = jdbc.queryForObject("SELECT max(seq) FROM event", Long.class);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject("SELECT last_seq FROM dispatch_checkpoint WHERE name = 'dispatcher'", Long.class) >= last);
        List<String> jobs = jdbc.queryForList("""
                SELECT e.id FROM delivery_job j JOIN event e ON e.seq = j.event_seq
                 WHERE j.subscription_id = (SELECT id FROM subscription WHERE number = ?::bigint)""", String.class, subscription);
        assertThat(jobs).containsExactly(matching);
    }
}
