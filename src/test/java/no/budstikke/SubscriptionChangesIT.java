package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import no.budstikke.subscription.SubscriptionIndex;
import no.budstikke.subscription.SubscriptionIndex.EventKey;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Subscription changes made through the API reach the matching index at once, and a node that has not got a change
 * yet takes it from the store when the change is announced on the channel (as another node's change arrives).
 */
class SubscriptionChangesIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String PATH = "/events/api/v1/subscriptions";

    @Autowired
    SubscriptionIndex index;

    @Test
    void aSubscriptionCreatedOrDeletedThroughTheApiIsMatchedOrDroppedAtOnce() {
        Subscribed created = subscribe("/party/changes-");
        assertThat(index.matchingIds(created.event())).as("matched right after the 201").contains(created.id());

        delete(created);
        assertThat(index.matchingIds(created.event())).as("dropped right after the delete").doesNotContain(created.id());
    }

    @Test
    void aChangeAnnouncedByAnotherNodeIsReadFromTheStoreWithoutWaitingForACache() {
        Subscribed created = subscribe("/party/announced-");
        // This node has not heard of it yet, as a node other than the one the API call reached.
        index.remove(created.id());
        assertThat(index.matchingIds(created.event())).doesNotContain(created.id());

        jdbc.queryForObject("SELECT pg_notify('budstikke_subscriptions', ?)::text", String.class, created.id().toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> index.matchingIds(created.event()).contains(created.id()));
        delete(created);
    }

    /** A subscription made through the API: Altinn's number, the hub's id, and an event only it matches. */
    private record Subscribed(String number, UUID id, EventKey event) {
    }

    private Subscribed subscribe(String subjectPrefix) {
        String subject = subjectPrefix + UUID.randomUUID();
        String number = activeSubscription("/org/test", Map.of("endPoint", "amqp:test.amqp.changes",
                "resourceFilter", RESOURCE, "subjectFilter", subject)).get("id").asText();
        UUID id = jdbc.queryForObject("SELECT id FROM subscription WHERE number = ?::bigint", UUID.class, number);
        return new Subscribed(number, id, new EventKey(RESOURCE, "urn:s", "t", subject, null));
    }

    private void delete(Subscribed subscription) {
        assertThat(hub.request("DELETE", PATH + "/" + subscription.number(), hub.token("/org/test"), null)
                .statusCode()).isEqualTo(200);
    }
}
