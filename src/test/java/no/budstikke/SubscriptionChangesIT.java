package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import no.budstikke.subscription.SubscriptionIndex;
import no.budstikke.subscription.SubscriptionIndex.EventKey;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A subscription changed by another node (here: straight in the database, then NOTIFY) reaches this node's index at once. */
class SubscriptionChangesIT extends HubIntegrationTest {

    @Autowired
    SubscriptionIndex index;

    @Test
    void changesAnnouncedByAnotherNodeReachTheIndexWithoutWaitingForACache() {
        UUID id = UUID.randomUUID();
        String resource = "urn:altinn:resource:other-node-" + id;
        EventKey event = new EventKey(resource, "urn:s", "t", "/party/1", null);
        jdbc.update("""
                INSERT INTO subscription (id, consumer, created_by, end_point, resource_filter, retry_schedule,
                                          delivery_timeout, max_concurrency, signing_secret, status, created, fingerprint)
                VALUES (?, '/org/test', '/org/test', 'amqp:q', ?, ARRAY['PT10S'], 'PT30S', 8, 'whsec_x', 'active', now(), ?)""",
                id, resource, id.toString());
        assertThat(index.match(event)).isEmpty();

        jdbc.queryForObject("SELECT pg_notify('budstikke_subscriptions', ?)::text", String.class, id.toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> !index.match(event).isEmpty());

        jdbc.update("DELETE FROM subscription WHERE id = ?", id);
        jdbc.queryForObject("SELECT pg_notify('budstikke_subscriptions', ?)::text", String.class, id.toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> index.match(event).isEmpty());
    }
}
