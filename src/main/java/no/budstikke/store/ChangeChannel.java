package no.budstikke.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One PostgreSQL {@code LISTEN}/{@code NOTIFY} channel that every node shares: a node announces a change with a
 * short payload, and each node's listener hands the payloads it hears to its {@link Receiver}. Notifications sent
 * while a listener was disconnected are lost, so after every (re)connection the receiver is asked to catch up in
 * full before any further payload is handed over.
 */
public final class ChangeChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeChannel.class);

    /** What a node does with what it hears on the channel. */
    public interface Receiver {

        /** Listening (again): anything may have changed since the last payload heard. */
        void catchUp();

        /** A change another node (or this one) announced. */
        void changed(String payload);
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String channel;
    private final Receiver receiver;
    private final Thread listener;
    private volatile boolean running = true;

    /** Starts listening at once, on a daemon thread named {@code listen-{channel}}. */
    public ChangeChannel(DataSource dataSource, String channel, Receiver receiver) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("a channel name is lower-case letters and '_': " + channel);
        }
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.channel = channel;
        this.receiver = receiver;
        this.listener = new Thread(this::listen, "listen-" + channel);
        this.listener.setDaemon(true);
        this.listener.start();
    }

    /** Tells every node listening on the channel, this one included. */
    public void announce(String payload) {
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, channel, payload);
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                receiver.catchUp();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            receiver.changed(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Listening on {} failed ({}); reconnecting", channel, e.toString());
                    RetryPause.take();
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        listener.join(5000);
    }
}
