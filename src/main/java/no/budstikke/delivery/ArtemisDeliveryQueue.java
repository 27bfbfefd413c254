package no.budstikke.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;

/**
 * The delivery queue on Artemis. Jobs travel as persistent text messages: the event as the body, the jobs' facts
 * as properties. The jobs of one event for all its matching subscriptions share one message (a fan-out to twenty
 * subscribers costs the broker one message, not twenty); retries and jobs put back to wait travel in groups
 * across events ({@link WaitingJobs}). Retries use the broker's
 * scheduled delivery, so a waiting job holds no thread anywhere. A job's trace context travels as the property
 * {@value #TRACEPARENT}, present only when it has one.
 */
public final class ArtemisDeliveryQueue implements DeliveryQueue {

    public static final String QUEUE = "budstikke.delivery";
    /** Artemis maps this core property to the AMQP content-type an AMQP consumer sees. */
    private static final String AMQP_CONTENT_TYPE = "JMS_AMQP_ContentType";

    private static final String TRACEPARENT = "bsTraceparent";

    /** The property Artemis's duplicate detection reads. */
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    /** Waiting jobs of many events share a message up to about this size. */
    private static final int MAX_WAITING_BYTES = 256 * 1024;

    private final JmsTemplate transacted;
    private final JmsTemplate plain;

    public ArtemisDeliveryQueue(ConnectionFactory connectionFactory) {
        this.transacted = new JmsTemplate(connectionFactory);
        this.transacted.setSessionTransacted(true);
        this.plain = new JmsTemplate(connectionFactory);
    }

    @Override
    public void enqueue(List<DeliveryJob> jobs) {
        enqueue(jobs, false);
    }

    @Override
    public void enqueueOnce(List<DeliveryJob> jobs) {
        enqueue(jobs, true);
    }

    private void enqueue(List<DeliveryJob> jobs, boolean once) {
        try {
            transacted.execute(session -> {
                try (MessageProducer producer = producer(session, QUEUE, 0)) {
                    for (List<DeliveryJob> sameEvent : byEvent(jobs)) {
                        producer.send(write(session, sameEvent, once));
                    }
                }
                session.commit();
                return null;
            }, false);
        } catch (JmsException e) {
            if (!once) {
                throw e;
            }
            // Artemis rolls back a whole transaction that holds one duplicate: the page was queued before (a crash
            // between the broker's commit and the database's). Sent one by one, a duplicate is dropped on its own.
            plain.execute(session -> {
                try (MessageProducer producer = producer(session, QUEUE, 0)) {
                    for (List<DeliveryJob> sameEvent : byEvent(jobs)) {
                        producer.send(write(session, sameEvent, true));
                    }
                }
                return null;
            }, false);
        }
    }

    @Override
    public void enqueueLater(List<Later> groups) {
        transacted.execute(session -> {
            for (Later group : groups) {
                try (MessageProducer producer = producer(session, QUEUE, group.delay().toMillis())) {
                    List<List<DeliveryJob>> events = new ArrayList<>(byEvent(group.jobs()));
                    for (Message message : WaitingJobs.write(session, events, MAX_WAITING_BYTES)) {
                        producer.send(message);
                    }
                }
            }
            session.commit();
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

    /**
     * Whether the message's jobs may have been tried since they were queued, so the delivery log must be asked
     * first: jobs that come back from waiting (a retry, a wait, or the copy of a push left running), and any message
     * the broker hands out again (its consumer died before acknowledging it).
     */
    public static boolean mayRepeat(Message message) throws JMSException {
        return message instanceof BytesMessage || message.getJMSRedelivered();
    }

    /** Reads the jobs back from their message, without their trace context. */
    public static List<DeliveryJob> read(Message message) throws JMSException {
        return read(message, false);
    }

    /**
     * Reads the jobs back from their message; {@code traced}: with the trace context they carry (tracing on; off,
     * the property is not even looked up).
     */
    public static List<DeliveryJob> read(Message message, boolean traced) throws JMSException {
        if (message instanceof BytesMessage waiting) {
            return WaitingJobs.read(waiting);
        }
        String json = ((TextMessage) message).getText();
        long seq = message.getLongProperty("bsSeq");
        String eventId = message.getStringProperty("bsEventId");
        EventAccess access = new EventAccess(message.getStringProperty("bsResource"), message.getStringProperty("bsSubject"),
                message.getStringProperty("bsAltSubject"));
        long registered = message.getLongProperty("bsRegistered");
        int attempt = message.getIntProperty("bsAttempt");
        int generation = message.getIntProperty("bsGeneration");
        String traceparent = traced ? message.getStringProperty(TRACEPARENT) : null;
        List<DeliveryJob> jobs = new ArrayList<>();
        for (String subscription : message.getStringProperty("bsSubscriptions").split(",")) {
            jobs.add(new DeliveryJob(UUID.fromString(subscription), seq, eventId, json, access, registered, attempt,
                    generation, traceparent));
        }
        return jobs;
    }

    /** Jobs that differ only in their subscription, together, in the order they came. */
    private static Collection<List<DeliveryJob>> byEvent(List<DeliveryJob> jobs) {
        Map<String, List<DeliveryJob>> groups = new LinkedHashMap<>();
        for (DeliveryJob job : jobs) {
            groups.computeIfAbsent(job.eventSeq() + "/" + job.attempt() + "/" + job.generation(), k -> new ArrayList<>())
                    .add(job);
        }
        return groups.values();
    }

    /**
     * One event's jobs as a message; {@code once} gives it an id for Artemis's duplicate detection (ids are kept on
     * disk) made of the event, the generation and the subscriptions, so a page dispatched again finds it.
     */
    private static Message write(Session session, List<DeliveryJob> sameEvent, boolean once) throws JMSException {
        DeliveryJob job = sameEvent.get(0);
        TextMessage message = session.createTextMessage(job.eventJson());
        StringJoiner subscriptions = new StringJoiner(",");
        sameEvent.forEach(each -> subscriptions.add(each.subscriptionId().toString()));
        message.setStringProperty("bsSubscriptions", subscriptions.toString());
        if (once) {
            message.setStringProperty(DUPLICATE_ID, "dispatch-" + job.eventSeq() + "-" + job.generation() + "-"
                    + subscriptionsDigest(sameEvent));
        }
        message.setLongProperty("bsSeq", job.eventSeq());
        message.setStringProperty("bsEventId", job.eventId());
        message.setStringProperty("bsResource", job.access().resource());
        message.setStringProperty("bsSubject", job.access().subject());
        message.setStringProperty("bsAltSubject", job.access().alternativeSubject());
        message.setLongProperty("bsRegistered", job.registeredAtMillis());
        message.setIntProperty("bsAttempt", job.attempt());
        message.setIntProperty("bsGeneration", job.generation());
        if (job.traceparent() != null) {
            message.setStringProperty(TRACEPARENT, job.traceparent());
        }
        return message;
    }

    /**
     * The subscriptions of a message, in an order of their own: a node that dispatches the page again after a
     * restart matches them from an index loaded in another order, and must still name the same message.
     */
    private static UUID subscriptionsDigest(List<DeliveryJob> sameEvent) {
        List<String> ids = new ArrayList<>(sameEvent.size());
        sameEvent.forEach(each -> ids.add(each.subscriptionId().toString()));
        Collections.sort(ids);
        return UUID.nameUUIDFromBytes(String.join(",", ids).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageProducer producer(Session session, String queueName, long delayMillis) throws JMSException {
        Queue queue = session.createQueue(queueName);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        producer.setDeliveryDelay(delayMillis);
        return producer;
    }
}
