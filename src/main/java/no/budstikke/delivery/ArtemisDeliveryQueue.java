package no.budstikke.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import no.budstikke.authorization.EventAccess;
import org.springframework.jms.core.JmsTemplate;

/**
 * The delivery queue on Artemis. A job is a persistent text message: the event as its body, the job's facts as
 * properties. Retries use the broker's scheduled delivery, so a waiting job holds no thread anywhere.
 */
public final class ArtemisDeliveryQueue implements DeliveryQueue {

    public static final String QUEUE = "budstikke.delivery";
    /** Artemis maps this core property to the AMQP content-type an AMQP consumer sees. */
    private static final String AMQP_CONTENT_TYPE = "JMS_AMQP_ContentType";

    private final JmsTemplate transacted;
    private final JmsTemplate plain;

    public ArtemisDeliveryQueue(ConnectionFactory connectionFactory) {
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.plain = new JmsTemplate(connectionFactory);
    }

    @Override
    public void enqueue(List<DeliveryJob> jobs) {
        transacted.execute(session -> {
            try (MessageProducer producer = producer(session, QUEUE, 0)) {
                for (DeliveryJob job : jobs) {
                    producer.send(write(session, job));
                }
            }
            session.commit();
            return null;
        }, false);
    }

    @Override
    public void enqueueLater(DeliveryJob job, Duration delay) {
        plain.execute(session -> {
            try (MessageProducer producer = producer(session, QUEUE, delay.toMillis())) {
                producer.send(write(session, job));
            }
            return null;
        }, false);
    }

    @Override
    public void publish(String queue, DeliveryJob job) {
        plain.execute(session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(job.eventJson().getBytes(StandardCharsets.UTF_8));
            message.setStringProperty(AMQP_CONTENT_TYPE, "application/cloudevents+json");
            try (MessageProducer producer = producer(session, queue, 0)) {
                producer.send(message);
            }
            return null;
        }, false);
    }

    /** Reads a job back from its message. */
    public static DeliveryJob read(Message message) throws JMSException {
        return new DeliveryJob(
                UUID.fromString(message.getStringProperty("bsSubscription")),
                message.getLongProperty("bsSeq"),
                message.getStringProperty("bsEventId"),
                ((TextMessage) message).getText(),
                new EventAccess(message.getStringProperty("bsResource"), message.getStringProperty("bsSubject"),
                        message.getStringProperty("bsAltSubject")),
                message.getLongProperty("bsRegistered"),
                message.getIntProperty("bsAttempt"),
                message.getIntProperty("bsGeneration"));
    }

    private static Message write(Session session, DeliveryJob job) throws JMSException {
        TextMessage message = session.createTextMessage(job.eventJson());
        message.setStringProperty("bsSubscription", job.subscriptionId().toString());
        message.setLongProperty("bsSeq", job.eventSeq());
        message.setStringProperty("bsEventId", job.eventId());
        message.setStringProperty("bsResource", job.access().resource());
        message.setStringProperty("bsSubject", job.access().subject());
        message.setStringProperty("bsAltSubject", job.access().alternativeSubject());
        message.setLongProperty("bsRegistered", job.registeredAtMillis());
        message.setIntProperty("bsAttempt", job.attempt());
        message.setIntProperty("bsGeneration", job.generation());
        return message;
    }

    private static MessageProducer producer(Session session, String queueName, long delayMillis) throws JMSException {
        Queue queue = session.createQueue(queueName);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        producer.setDeliveryDelay(delayMillis);
        return producer;
    }
}
