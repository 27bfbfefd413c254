package no.budstikke;

import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import no.budstikke.support.HubIntegrationTest;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Symbol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * The AMQP door, with a real AMQP 1.0 client (Qpid JMS) against the hub's broker: structured, batch and binary
 * CloudEvents are stored as the broker user's publisher identity; refused messages go to events.inbound.invalid
 * with the reason and do not block the queue; the broker lets nobody in without SASL credentials, and each user
 * only where its configuration says.
 */
class AmqpIngressIT extends HubIntegrationTest {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String DOOR = "door=\"ingress-amqp\"";

    @Autowired
    private JmsTemplate hubBroker;

    @Test
    void structuredBatchAndBinaryEventsAreStoredAsTheUsersPublisher() throws Exception {
        String structured = newId();
        String first = newId();
        String second = newId();
        String binary = newId();
        try (Connection connection = connect("it-publisher")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("events.inbound"));
            producer.send(bytes(session, event(structured, RESOURCE, null), "application/cloudevents+json"));
            producer.send(bytes(session, "[" + event(first, RESOURCE, null) + "," + event(second, RESOURCE, null) + "]",
                    "application/cloudevents-batch+json"));
            BytesMessage data = bytes(session, "{\"amount\": 12}", "application/json");
            data.setStringProperty("cloudEvents:specversion", "1.0");
            data.setStringProperty("cloudEvents:id", binary);
            data.setStringProperty("cloudEvents:source", "urn:budstikke:amqp-binary");
            data.setStringProperty("cloudEvents:type", "no.budstikke.amqp");
            data.setStringProperty("cloudEvents:resource", RESOURCE);
            data.setStringProperty("cloudEvents:subject", "/organisation/974760673");
            producer.send(data);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> storedCount("urn:budstikke:test", structured) == 1
                && storedCount("urn:budstikke:test", first) == 1 && storedCount("urn:budstikke:test", second) == 1
                && storedCount("urn:budstikke:amqp-binary", binary) == 1);
        String payload = jdbc.queryForObject("SELECT payload::text FROM event WHERE id = ?", String.class, binary);
        assertThat(payload).contains("\"subject\":\"/organisation/974760673\"").contains("\"amount\":12");
    }

    @Test
    void refusedMessagesGoToTheInvalidQueueWithTheReasonAndDoNotBlockTheQueue() throws Exception {
        String forbidden = newId();
        String good = newId();
        double invalidBefore = hub.metric("budstikke_events_rejected_total", DOOR, "reason=\"invalid\"");
        double forbiddenBefore = hub.metric("budstikke_events_rejected_total", DOOR, "reason=\"forbidden\"");
        try (Connection connection = connect("it-publisher")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("events.inbound"));
            producer.send(bytes(session, "{not json", "application/cloudevents+json"));
            producer.send(bytes(session, event(forbidden, "urn:altinn:resource:skd-skattemelding", null),
                    "application/cloudevents+json"));
            producer.send(bytes(session, event(good, RESOURCE, null), "application/cloudevents+json"));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> storedCount("urn:budstikke:test", good) == 1);
        hubBroker.setReceiveTimeout(10_000);
        StringBuilder reasons = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            Message invalid = hubBroker.receive("events.inbound.invalid");
            assertThat(invalid).as("refused message %d", i).isNotNull();
            reasons.append(invalid.getStringProperty("budstikke_reason")).append('\n');
        }
        assertThat(reasons.toString()).contains("/org/test may not publish events of urn:altinn:resource:skd-skattemelding")
                .containsIgnoringCase("json");
        assertThat(storedCount("urn:budstikke:test", forbidden)).isZero();
        // Counted by the publish pipeline under the AMQP door, like the refusals of every other door.
        assertThat(hub.metric("budstikke_events_rejected_total", DOOR, "reason=\"invalid\"")).isGreaterThan(invalidBefore);
        assertThat(hub.metric("budstikke_events_rejected_total", DOOR, "reason=\"forbidden\"")).isGreaterThan(forbiddenBefore);
    }

    @Test
    void theBrokerLetsNobodyInWithoutCredentialsAndEachUserOnlyWhereConfigured() throws Exception {
        // The broker authenticates when a session is opened on the connection.
        assertThatThrownBy(() -> new JmsConnectionFactory("amqp://127.0.0.1:" + amqpPort()).createConnection()
                .createSession(false, Session.AUTO_ACKNOWLEDGE)).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new JmsConnectionFactory("it-publisher", "wrong", "amqp://127.0.0.1:" + amqpPort())
                .createConnection().createSession(false, Session.AUTO_ACKNOWLEDGE)).isInstanceOf(JMSSecurityException.class);

        try (Connection connection = connect("it-nobody")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("events.inbound"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSException.class);
        }
        try (Connection connection = connect("it-publisher")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(AMQP_READER_QUEUE)))
                    .as("a publisher may not read a consumer's queue").isInstanceOf(JMSException.class);
        }
        try (Connection connection = connect("it-reader")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("budstikke.delivery")))
                    .as("the hub's own queues are the hub's").isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("events.inbound"))
                    .send(session.createTextMessage("{}"))).as("a reader may not publish").isInstanceOf(JMSException.class);
        }
    }

    private static Connection connect(String user) throws JMSException {
        // Property names such as cloudEvents:id are the AMQP binding's; JMS would otherwise refuse the colon.
        Connection connection = new JmsConnectionFactory(user, BROKER_PASSWORD,
                "amqp://127.0.0.1:" + amqpPort() + "?jms.validatePropertyNames=false").createConnection();
        connection.start();
        return connection;
    }

    private static BytesMessage bytes(Session session, String body, String contentType) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        ((AmqpJmsMessageFacade) ((JmsMessage) message).getFacade()).setContentType(Symbol.valueOf(contentType));
        return message;
    }
}
