package no.budstikke.delivery;

import java.time.Duration;
import java.util.List;

import no.budstikke.subscription.SubscriberQueueUnavailableException;
import no.budstikke.subscription.SubscriberQueues;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the queues of {@code amqp:} subscribers on the broker: creates one when a subscription names it and removes
 * it once no subscription names it and its reader has drained it, or the grace has passed. The bookkeeping is in
 * PostgreSQL ({@code subscriber_queue}), so all nodes agree and a restart forgets nothing; the broker is reached
 * over the hub's own core connection, so a node whose broker is another node's works the same.
 */
public final class SubscriberQueueKeeper implements SubscriberQueues, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberQueueKeeper.class);
    /** Artemis's default management address; the hub's brokers keep it. */
    private static final String MANAGEMENT = "activemq.management";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ServerLocator locator;
    private final String user;
    private final String password;
    private final Duration grace;
    private final Duration managementTimeout;
    private ClientSessionFactory sessions;

    /**
     * {@code locator}, {@code user}, {@code password}: how the hub reaches its broker (those of its JMS connection
     * factory); {@code grace}: how long a released queue that nobody drains is kept; {@code managementTimeout}: how
     * long the broker may take to answer the management request that removes a queue.
     */
    public SubscriberQueueKeeper(JdbcTemplate jdbc, TransactionTemplate transactions, ServerLocator locator, String user,
            String password, Duration grace, Duration managementTimeout) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.locator = locator;
        this.user = user;
        this.password = password;
        this.grace = grace;
        this.managementTimeout = managementTimeout;
    }

    @Override
    public void open(String queue) {
        // Recorded first: a sweep that is removing the same name holds its row, so this waits and then re-creates.
        jdbc.update("INSERT INTO subscriber_queue (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET released_at = NULL",
                queue);
        try {
            onBroker(session -> create(session, queue));
        } catch (Exception e) {
            throw new SubscriberQueueUnavailableException(queue, e);
        }
    }

    @Override
    public void release(String queue) {
        jdbc.update("UPDATE subscriber_queue SET released_at = now() WHERE name = ? AND released_at IS NULL "
                + "AND NOT EXISTS (SELECT 1 FROM subscription WHERE end_point = ?)", queue, SCHEME + queue);
    }

    /** Creates the queues of live subscriptions that the broker lacks (after an upgrade, a failed create, a new journal). */
    public void openAll() throws Exception {
        List<String> open = jdbc.queryForList("SELECT name FROM subscriber_queue WHERE released_at IS NULL", String.class);
        onBroker(session -> {
            for (String queue : open) {
                create(session, queue);
            }
        });
    }

    /** Removes the released queues that are drained or past their grace; returns how many it removed. */
    public int sweep() {
        int removed = 0;
        for (String queue : jdbc.queryForList("SELECT name FROM subscriber_queue WHERE released_at IS NOT NULL",
                String.class)) {
            if (Boolean.TRUE.equals(transactions.execute(status -> removeIfDone(queue)))) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public synchronized void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    private boolean removeIfDone(String queue) {
        // The row stays locked while the broker is asked, so an open() of the same name waits for the outcome.
        List<Boolean> graceOver = jdbc.queryForList("SELECT released_at + ?::interval < now() FROM subscriber_queue "
                + "WHERE name = ? AND released_at IS NOT NULL FOR UPDATE SKIP LOCKED", Boolean.class, grace.toString(), queue);
        if (graceOver.isEmpty()) {
            return false;
        }
        if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM subscription WHERE end_point = ?)",
                Boolean.class, SCHEME + queue))) {
            jdbc.update("UPDATE subscriber_queue SET released_at = NULL WHERE name = ?", queue);
            return false;
        }
        boolean removed;
        try {
            removed = askBroker(session -> {
                ClientSession.QueueQuery found = session.queueQuery(SimpleString.of(queue));
                if (found.isExists() && found.getMessageCount() > 0 && !graceOver.get(0)) {
                    return false;
                }
                if (found.isExists()) {
                    destroy(session, queue);
                    LOG.info("Removed subscriber queue {}: no subscription names it and {}", queue,
                            found.getMessageCount() == 0 ? "it is drained" : "its grace of " + grace + " has passed");
                }
                return true;
            });
        } catch (Exception e) {
            LOG.warn("Subscriber queue {} not removed yet: {}", queue, e.toString());
            return false;
        }
        if (removed) {
            jdbc.update("DELETE FROM subscriber_queue WHERE name = ?", queue);
        }
        return removed;
    }

    private static void create(ClientSession session, String queue) throws Exception {
        if (session.queueQuery(SimpleString.of(queue)).isExists()) {
            return;
        }
        try {
            session.createQueue(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true).setAutoCreateAddress(true));
        } catch (ActiveMQQueueExistsException e) {
            // another node created it meanwhile
        }
    }

    /** Through the broker's management address, so that a reader still attached is detached with the queue. */
    private void destroy(ClientSession session, String queue) throws Exception {
        try (ClientRequestor requestor = new ClientRequestor(session, MANAGEMENT)) {
            ClientMessage request = session.createMessage(false);
            ManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "destroyQueue", queue, true, true);
            session.start();
            ClientMessage reply = requestor.request(request, managementTimeout.toMillis());
            if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("the broker did not remove the queue: "
                        + (reply == null ? "no answer" : ManagementHelper.getResult(reply)));
            }
        }
    }

    private void onBroker(BrokerStep step) throws Exception {
        askBroker(session -> {
            step.run(session);
            return null;
        });
    }

    private <T> T askBroker(BrokerCall<T> call) throws Exception {
        try (ClientSession session = sessions().createSession(user, password, false, true, true, false, 0)) {
            return call.run(session);
        }
    }

    private synchronized ClientSessionFactory sessions() throws Exception {
        if (sessions == null || sessions.isClosed()) {
            sessions = locator.createSessionFactory();
        }
        return sessions;
    }

    private interface BrokerStep {
        void run(ClientSession session) throws Exception;
    }

    private interface BrokerCall<T> {
        T run(ClientSession session) throws Exception;
    }
}
