package no.budstikke.subscription;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import no.budstikke.store.RetryPause;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps every node's {@link SubscriptionIndex} current at once: a change is announced with PostgreSQL's
 * {@code NOTIFY}, and each node listens and reloads that one subscription. After a lost connection the whole
 * index is reloaded, since notifications sent meanwhile are gone.
 */
public class SubscriptionChanges implements AutoCloseable {

    static final String CHANNEL = "budstikke_subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionChanges.class);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final SubscriptionStore store;
    private final SubscriptionIndex index;
    private final Listener changed;
    private final Thread listener;
    private volatile boolean running = true;

    /** Told of every change this node hears of, after the index has it; {@code id} null means "anything". */
    public interface Listener {
        void changed(UUID id);
    }

    public SubscriptionChanges(DataSource dataSource, SubscriptionStore store, SubscriptionIndex index, Listener changed) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.store = store;
        this.index = index;
        this.changed = changed;
        // Loaded before the dispatcher can run; the listener reloads once more after LISTEN, for changes between.
        index.replaceAll(store.active());
        this.listener = new Thread(this::listen, "budstikke-subscription-changes");
        this.listener.setDaemon(true);
        this.listener.start();
    }

    /**
     * Applies a change to this node's index at once, and tells every other node that the subscription was
     * created, changed or deleted.
     */
    public void announce(UUID id) {
        reload(id);
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, CHANNEL, id.toString());
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                index.replaceAll(store.active());
                changed.changed(null);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            reload(UUID.fromString(notification.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Listening for subscription changes failed ({}); reconnecting", e.toString());
                    RetryPause.take();
                }
            }
        }
    }

    private void reload(UUID id) {
        store.find(id).filter(s -> Subscription.ACTIVE.equals(s.status()))
                .ifPresentOrElse(index::put, () -> index.remove(id));
        changed.changed(id);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        listener.join(5000);
    }
}
