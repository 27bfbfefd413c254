package no.budstikke.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.broker.BrokerSecurity;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.event.CloudEvent;
import no.budstikke.event.EventNormalizer;
import no.budstikke.event.EventTooLargeException;
import no.budstikke.event.InvalidEventException;
import no.budstikke.event.UnsupportedContentTypeException;
import no.budstikke.store.ConflictingEventException;
import no.budstikke.store.GroupCommitWriter;
import no.budstikke.store.Registration;
import no.budstikke.store.RetryPause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The AMQP door: takes CloudEvents off {@code events.inbound} and runs them through the publish pipeline's steps
 * — normalize, authorize the broker user's identity, group commit — settling many messages per broker transaction.
 * Each worker takes up to {@value #BATCH} waiting messages in one transaction, hands all accepted ones to the group
 * commit at once (each message still all or nothing), and commits the broker transaction only after the store
 * committed them: a crash before that leaves them on the queue, and a redelivered one is a duplicate the store
 * recognises. A refused message (invalid, unauthorized, too large, conflicting) is moved to
 * {@code events.inbound.invalid} with its reason in the same transaction; if the store fails, the whole
 * transaction rolls back and the broker offers the messages again. (Camel's JMS consumer settles one message per
 * transaction, which costs the broker a synced commit per event: this door would take ~1 800 events/s instead of
 * several thousand.)
 */
public final class AmqpIngress implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpIngress.class);
    static final int BATCH = 100;

    private final ConnectionFactory connectionFactory;
    private final AmqpIngressMessages messages;
    private final EventNormalizer normalizer;
    private final PublishAuthorizer authorizer;
    private final GroupCommitWriter writer;
    private final HubMetrics metrics;
    private final int workers;
    private final boolean enabled;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public AmqpIngress(ConnectionFactory connectionFactory, AmqpIngressMessages messages, EventNormalizer normalizer,
            PublishAuthorizer authorizer, GroupCommitWriter writer, HubMetrics metrics, int workers, boolean enabled) {
        this.connectionFactory = connectionFactory;
        this.messages = messages;
        this.normalizer = normalizer;
        this.authorizer = authorizer;
        this.writer = writer;
        this.metrics = metrics;
        this.workers = Math.max(1, workers);
        this.enabled = enabled;
    }

    @Override
    public synchronized void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::work, "budstikke-amqp-ingress-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the Camel routes (the pipeline) are up, before them on the way down. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void work() {
        while (running) {
            try (Connection connection = connectionFactory.createConnection()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(BrokerSecurity.INBOUND));
                MessageProducer invalid = session.createProducer(session.createQueue(BrokerSecurity.INVALID));
                while (running) {
                    Message first = consumer.receive(500);
                    if (first == null) {
                        continue;
                    }
                    List<Message> batch = new ArrayList<>(List.of(first));
                    Message next;
                    while (batch.size() < BATCH && (next = consumer.receiveNoWait()) != null) {
                        batch.add(next);
                    }
                    settle(session, invalid, batch);
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    LOG.warn("The AMQP ingress lost its broker session ({}); starting again", e.toString());
                    RetryPause.take();
                }
            }
        }
    }

    /** Publishes what can be, moves what cannot to the invalid queue, and commits — or rolls all of it back. */
    private void settle(Session session, MessageProducer invalid, List<Message> batch) throws JMSException {
        List<Message> accepted = new ArrayList<>();
        List<CompletableFuture<List<Registration>>> commits = new ArrayList<>();
        try {
            for (Message message : batch) {
                try {
                    AmqpIngressMessages.Inbound inbound = messages.read(message);
                    List<CloudEvent> events = normalizer.normalize(inbound.input());
                    authorizer.authorize(inbound.publisher(), events);
                    accepted.add(message);
                    commits.add(writer.publishLater(events));
                } catch (RuntimeException refused) {
                    refuse(session, invalid, message, refused);
                }
            }
            for (int i = 0; i < commits.size(); i++) {
                try {
                    List<Registration> registrations = writer.await(commits.get(i));
                    long created = registrations.stream().filter(Registration::created).count();
                    metrics.accepted(created, registrations.size() - created);
                } catch (ConflictingEventException conflict) {
                    refuse(session, invalid, accepted.get(i), conflict);
                }
            }
            session.commit();
        } catch (RuntimeException | JMSException e) {
            LOG.warn("Publishing {} AMQP messages failed ({}); they stay on the queue", batch.size(), e.toString());
            session.rollback();
            RetryPause.take();
        }
    }

    private void refuse(Session session, MessageProducer invalid, Message message, RuntimeException failure)
            throws JMSException {
        if (!isRefusal(failure)) {
            throw failure;
        }
        var refusal = messages.refusal(failure);
        metrics.rejected(refusal.reason());
        invalid.send(messages.invalid(session, message, refusal));
    }

    private static boolean isRefusal(RuntimeException failure) {
        return failure instanceof InvalidEventException || failure instanceof PublishDeniedException
                || failure instanceof EventTooLargeException || failure instanceof UnsupportedContentTypeException
                || failure instanceof ConflictingEventException;
    }
}
