package no.budstikke.ingress;

import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import no.budstikke.broker.BrokerSecurity;
import no.budstikke.event.Refusal;
import no.budstikke.pipeline.Door;
import no.budstikke.pipeline.PublishPipeline;
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
 * The AMQP door ({@code ingress-amqp}): takes CloudEvents off {@code events.inbound} and runs each message through
 * the publish pipeline as the broker user's identity, settling many messages per broker transaction. Each worker
 * takes up to {@code batch} (budstikke.broker.ingress-batch) waiting messages in one transaction, submits them all to the pipeline (so they share
 * group commits; each message still all or nothing), awaits each, and commits the broker transaction only after the
 * store committed them: a crash before that leaves them on the queue, and a redelivered one is a duplicate the store
 * recognises. A {@link Refusal} (invalid, unauthorized, too large, conflicting) moves its message to
 * {@code events.inbound.invalid} with the explanation in the same transaction; if the store fails, the whole
 * transaction rolls back and the broker offers the messages again. (Camel's JMS consumer settles one message per
 * transaction, which costs the broker a synced commit per event: this door would take ~1 800 events/s instead of
 * several thousand.)
 */
public final class AmqpIngress implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpIngress.class);

    private final ConnectionFactory connectionFactory;
    private final AmqpIngressMessages messages;
    private final PublishPipeline pipeline;
    private final int workers;
    private final int batchSize;
    private final boolean enabled;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public AmqpIngress(ConnectionFactory connectionFactory, AmqpIngressMessages messages, PublishPipeline pipeline,
            int workers, int batchSize, boolean enabled) {
        this.connectionFactory = connectionFactory;
        this.messages = messages;
        this.pipeline = pipeline;
        this.workers = Math.max(1, workers);
        this.batchSize = Math.max(1, batchSize);
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
                    while (batch.size() < batchSize && (next = consumer.receiveNoWait()) != null) {
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

    /**
     * Publishes what can be, moves what is refused to the invalid queue, and commits — or rolls all of it back. A
     * failure of the store ends the batch at the first message that sees it (the pipeline counts that one), since
     * every message of the batch is offered again.
     */
    private void settle(Session session, MessageProducer invalid, List<Message> batch) throws JMSException {
        List<Message> submitted = new ArrayList<>();
        List<PublishPipeline.Pending> commits = new ArrayList<>();
        try {
            for (Message message : batch) {
                try {
                    commits.add(pipeline.submit(Door.AMQP, () -> messages.read(message)));
                    submitted.add(message);
                } catch (Refusal refused) {
                    invalid.send(messages.invalid(session, message, refused));
                }
            }
            for (int i = 0; i < commits.size(); i++) {
                try {
                    pipeline.await(commits.get(i));
                } catch (Refusal refused) {
                    invalid.send(messages.invalid(session, submitted.get(i), refused));
                }
            }
            session.commit();
        } catch (RuntimeException | JMSException e) {
            LOG.warn("Publishing {} AMQP messages failed ({}); they stay on the queue", batch.size(), e.toString());
            session.rollback();
            RetryPause.take();
        }
    }
}
