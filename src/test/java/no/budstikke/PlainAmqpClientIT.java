package no.budstikke;

import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.json;
import static no.budstikke.support.HubClient.newId;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import no.budstikke.delivery.SubscriberQueueKeeper;
import no.budstikke.support.HubIntegrationTest;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.DeliveryState;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;
import org.apache.qpid.protonj2.client.exceptions.ClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The broker as any AMQP 1.0 client sees it, with Qpid ProtonJ2 (a plain AMQP library: no JMS, no link
 * capabilities): publishing in each CloudEvents binding, reading an {@code amqp:} subscription's queue attached
 * before anything was delivered, the queue's lifetime, and SASL as the only way in.
 */
class PlainAmqpClientIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static final Client CLIENT = Client.create();

    @Autowired
    private EmbeddedActiveMQ broker;

    @Autowired
    private SubscriberQueueKeeper queues;

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Test
    void structuredBatchAndBinaryMessagesFromAPlainClientAreAcceptedAndStored() throws Exception {
        String structured = newId();
        List<String> batch = List.of(newId(), newId());
        String binary = newId();
        try (Connection connection = connect("it-publisher", BROKER_PASSWORD); Sender sender = connection.openSender("events.inbound")) {
            List<Tracker> sent = new ArrayList<>();
            sent.add(sender.send(Message.create(event(structured, RESOURCE, null).getBytes(StandardCharsets.UTF_8))
                    .contentType("application/cloudevents+json")));
            String batchJson = "[" + event(batch.get(0), RESOURCE, null) + "," + event(batch.get(1), RESOURCE, null) + "]";
            sent.add(sender.send(Message.create(batchJson.getBytes(StandardCharsets.UTF_8))
                    .contentType("application/cloudevents-batch+json")));
            sent.add(sender.send(Message.create("{\"amount\": 7}".getBytes(StandardCharsets.UTF_8))
                    .contentType("application/json")
                    .property("cloudEvents:specversion", "1.0")
                    .property("cloudEvents:id", binary)
                    .property("cloudEvents:source", "urn:budstikke:amqp-plain")
                    .property("cloudEvents:type", "no.budstikke.amqp.plain")
                    .property("cloudEvents:resource", RESOURCE)));
            for (Tracker tracker : sent) {
                assertThat(tracker.awaitSettlement(15, TimeUnit.SECONDS).remoteState().getType())
                        .isEqualTo(DeliveryState.Type.ACCEPTED);
            }
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> storedCount("urn:budstikke:test", structured) == 1
                && storedCount("urn:budstikke:test", batch.get(0)) == 1 && storedCount("urn:budstikke:test", batch.get(1)) == 1
                && storedCount("urn:budstikke:amqp-plain", binary) == 1);
        assertThat(jdbc.queryForObject("SELECT payload::text FROM event WHERE id = ?", String.class, binary))
                .contains("\"amount\":7");
    }

    @Test
    void aReceiverAttachedRightAfterSubscribingGetsEveryEventAsACloudEvent() throws Exception {
        String source = "urn:budstikke:amqp-plain:" + newId();
        String subscription = subscribe(AMQP_PLAIN_QUEUE, source);
        try (Connection connection = connect("it-reader", BROKER_PASSWORD);
                Receiver receiver = connection.openReceiver(AMQP_PLAIN_QUEUE)) {
            // Attached before the hub delivered anything to the queue: the subscription created it.
            receiver.openFuture().get(15, TimeUnit.SECONDS);
            String one = publish(source);
            String two = publish(source);

            List<String> received = new ArrayList<>();
            EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
            for (int i = 0; i < 2; i++) {
                Delivery delivery = receiver.receive(15, TimeUnit.SECONDS);
                assertThat(delivery).as("delivery %d", i).isNotNull();
                Message<Object> message = delivery.message();
                assertThat(message.contentType()).isEqualTo("application/cloudevents+json");
                CloudEvent event = format.deserialize((byte[]) message.body());
                assertThat(event.getSource().toString()).isEqualTo(source);
                assertThat(event.getExtension("resource")).isEqualTo(RESOURCE);
                received.add(event.getId());
                delivery.accept();
            }
            assertThat(received).containsExactlyInAnyOrder(one, two);
        } finally {
            delete(subscription);
        }
    }

    @Test
    void theQueueLivesFromSubscribingUntilTheLastSubscriptionIsGoneAndItIsDrained() throws Exception {
        String source = "urn:budstikke:amqp-lifetime:" + newId();
        String first = subscribe(AMQP_LIFETIME_QUEUE, source);
        Queue queue = queue(AMQP_LIFETIME_QUEUE);
        assertThat(queue).as("created with the subscription").isNotNull();
        assertThat(queue.isDurable()).isTrue();
        assertThat(queue.getRoutingType()).isEqualTo(RoutingType.ANYCAST);
        String second = subscribe(AMQP_LIFETIME_QUEUE, source + ":other");

        String id = publish(source);
        await().atMost(Duration.ofSeconds(15)).until(() -> queue(AMQP_LIFETIME_QUEUE).getMessageCount() == 1);
        delete(first);
        queues.sweep();
        assertThat(queue(AMQP_LIFETIME_QUEUE)).as("another subscription still delivers into it").isNotNull();
        delete(second);
        queues.sweep();
        assertThat(queue(AMQP_LIFETIME_QUEUE)).as("kept until the subscriber has read what is in it").isNotNull();

        try (Connection connection = connect("it-reader", BROKER_PASSWORD);
                Receiver receiver = connection.openReceiver(AMQP_LIFETIME_QUEUE)) {
            Delivery delivery = receiver.receive(15, TimeUnit.SECONDS);
            assertThat(delivery).isNotNull();
            assertThat(parse(new String((byte[]) delivery.message().body(), StandardCharsets.UTF_8)).get("id").asText())
                    .isEqualTo(id);
            delivery.accept();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> queue(AMQP_LIFETIME_QUEUE).getMessageCount() == 0);
        awaitRemovedBySweep(AMQP_LIFETIME_QUEUE, "drained and nobody's: removed");
        try (Connection connection = connect("it-reader", BROKER_PASSWORD)) {
            Receiver receiver = connection.openReceiver(AMQP_LIFETIME_QUEUE);
            assertThatThrownBy(() -> receiver.openFuture().get(15, TimeUnit.SECONDS))
                    .as("a reader cannot bring a removed queue back").isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void anUnreadQueueIsRemovedWhenTheGraceAfterItsLastSubscriptionHasPassed() {
        String source = "urn:budstikke:amqp-grace:" + newId();
        String subscription = subscribe(AMQP_LIFETIME_QUEUE, source);
        publish(source);
        await().atMost(Duration.ofSeconds(15)).until(() -> queue(AMQP_LIFETIME_QUEUE).getMessageCount() == 1);
        delete(subscription);
        queues.sweep();
        assertThat(queue(AMQP_LIFETIME_QUEUE)).isNotNull();

        jdbc.update("UPDATE subscriber_queue SET released_at = now() - interval '30 days' WHERE name = ?", AMQP_LIFETIME_QUEUE);
        awaitRemovedBySweep(AMQP_LIFETIME_QUEUE, "unread, its grace over: removed");
    }

    /**
     * Sweeps until the queue is gone: a sweep passes over a queue whose row the hub's own sweep timer holds at that
     * moment (it is being removed by that sweep), so one call alone may return before the queue is removed.
     */
    private void awaitRemovedBySweep(String name, String why) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            queues.sweep();
            assertThat(queue(name)).as(why).isNull();
        });
    }

    @Test
    void connectionsWithoutSaslOrWithWrongCredentialsAreClosedBeforeAnyLink() throws Exception {
        // Without a SASL layer at all: the broker answers with its SASL header and closes. The close may come
        // before the client asks for a link (openSender then throws) or after (the link's future fails).
        ConnectionOptions noSasl = new ConnectionOptions();
        noSasl.saslOptions().saslEnabled(false);
        try (Connection connection = CLIENT.connect("127.0.0.1", amqpPort(), noSasl)) {
            assertThatThrownBy(() -> {
                Sender sender = connection.openSender("events.inbound");
                sender.openFuture().get(15, TimeUnit.SECONDS);
                sender.send(Message.create(event(newId(), RESOURCE, null)));
            }).as("nothing reaches events.inbound").isInstanceOfAny(ExecutionException.class, ClientException.class);
        }
        // SASL ANONYMOUS, a wrong password, an unknown user, the broker's built-in cluster account.
        assertRefused(null, null);
        assertRefused("it-publisher", "wrong");
        assertRefused("it-stranger", BROKER_PASSWORD);
        assertRefused("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!");
    }

    @Test
    void aUserMayReadOnlyItsOwnQueuesAndPublishOnlyWhereAllowed() throws Exception {
        String subscription = subscribe(AMQP_PLAIN_QUEUE, "urn:budstikke:amqp-plain:" + newId());
        try {
            for (String other : List.of("it-publisher", "it-nobody")) {
                try (Connection connection = connect(other, BROKER_PASSWORD)) {
                    Receiver receiver = connection.openReceiver(AMQP_PLAIN_QUEUE);
                    assertThatThrownBy(() -> receiver.openFuture().get(15, TimeUnit.SECONDS))
                            .as("%s reading it-reader's queue", other).isInstanceOf(ExecutionException.class);
                }
            }
            try (Connection connection = connect("it-reader", BROKER_PASSWORD)) {
                Receiver receiver = connection.openReceiver("budstikke.delivery");
                assertThatThrownBy(() -> receiver.openFuture().get(15, TimeUnit.SECONDS))
                        .as("the hub's own queue").isInstanceOf(ExecutionException.class);
            }
            try (Connection connection = connect("it-reader", BROKER_PASSWORD)) {
                Sender sender = connection.openSender("events.inbound");
                assertThatThrownBy(() -> {
                    sender.openFuture().get(15, TimeUnit.SECONDS);
                    sender.send(Message.create(event(newId(), RESOURCE, null))).awaitSettlement(15, TimeUnit.SECONDS);
                }).as("a reader may not publish").isInstanceOf(Exception.class);
            }
        } finally {
            delete(subscription);
        }
    }

    @Test
    void aReaderWithAPrefixReadsTheQueuesItCoversAndNoOthers() throws Exception {
        // it-reader reads test.amqp.*: neither test.amqp (which Artemis's test.amqp.# would match) nor test.amqpx,
        // nor a queue of /org/skd's reader. The hub makes them here, so a refusal is about reading, not creating.
        List<String> uncovered = List.of("test.amqp", "test.amqpx", "skd.plain");
        uncovered.forEach(queues::open);
        String covered = "test.amqp.prefixed";
        String subscription = subscribe(covered, "urn:budstikke:amqp-plain:" + newId());
        try {
            for (String queue : uncovered) {
                try (Connection connection = connect("it-reader", BROKER_PASSWORD)) {
                    Receiver receiver = connection.openReceiver(queue);
                    assertThatThrownBy(() -> receiver.openFuture().get(15, TimeUnit.SECONDS))
                            .as("it-reader reading %s", queue).isInstanceOf(ExecutionException.class);
                }
            }
            try (Connection connection = connect("it-reader", BROKER_PASSWORD);
                    Receiver receiver = connection.openReceiver(covered)) {
                receiver.openFuture().get(15, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(15)).until(() -> queue(covered).getConsumerCount() == 1);
            }
        } finally {
            delete(subscription);
            uncovered.forEach(queues::release);
        }
    }

    @Test
    void aSubscriptionMayNotDeliverIntoTheHubsOwnQueues() {
        for (String queue : List.of("budstikke.delivery", "events.inbound", "events.inbound.invalid", "DLQ")) {
            var refused = hub.post("/events/api/v1/subscriptions", hub.token(OWNER), Map.of("Content-Type", "application/json"),
                    json(Map.of("endPoint", "amqp:" + queue, "resourceFilter", RESOURCE)).getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(queue).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(parse(refused.body()).get("errors").get(0).get("field").asText()).isEqualTo("endPoint");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM subscription WHERE end_point IN ('amqp:budstikke.delivery', "
                + "'amqp:events.inbound', 'amqp:events.inbound.invalid', 'amqp:DLQ')", Long.class)).isZero();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void assertRefused(String user, String password) {
        ConnectionOptions options = new ConnectionOptions();
        if (user != null) {
            options.user(user).password(password);
        }
        assertThatThrownBy(() -> {
            try (Connection connection = CLIENT.connect("127.0.0.1", amqpPort(), options)) {
                connection.openFuture().get(15, TimeUnit.SECONDS);
            }
        }).as("login as %s", user).isInstanceOf(ExecutionException.class);
    }

    private static Connection connect(String user, String password) throws Exception {
        Connection connection = CLIENT.connect("127.0.0.1", amqpPort(), new ConnectionOptions().user(user).password(password));
        connection.openFuture().get(15, TimeUnit.SECONDS);
        return connection;
    }

    private Queue queue(String name) {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    private String subscribe(String queue, String source) {
        var created = hub.post("/events/api/v1/subscriptions", hub.token(OWNER), Map.of("Content-Type", "application/json"),
                json(Map.of("endPoint", "amqp:" + queue, "resourceFilter", RESOURCE, "sourceFilter", source))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return parse(created.body()).get("id").asText();
    }

    private void delete(String subscription) {
        var deleted = hub.request("DELETE", "/events/api/v1/subscriptions/" + subscription, hub.token(OWNER), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 299);
    }

    private String publish(String source) {
        String id = newId();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", "no.budstikke.amqp.plain");
        event.put("resource", RESOURCE);
        event.put("data", Map.of("n", id));
        var response = hub.publish(hub.token(OWNER), "application/cloudevents+json", json(event));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return id;
    }
}
