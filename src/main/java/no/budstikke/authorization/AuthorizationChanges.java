package no.budstikke.authorization;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import no.budstikke.store.RetryPause;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes a policy change count on every node at once: the node that made it announces it with PostgreSQL's
 * {@code NOTIFY}; every node listens, takes a fresh view of resources and grants, and forgets the cached
 * decisions the change may touch. After a lost connection it reloads everything and forgets all decisions, since
 * notifications sent meanwhile are gone.
 */
public class AuthorizationChanges implements AutoCloseable {

    static final String CHANNEL = "budstikke_authorization";
    private static final String IDENTITY = "identity:";
    private static final String RESOURCE = "resource:";
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationChanges.class);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final AuthorizationStore store;
    private final BuiltInPolicyDecisionPoint builtIn;
    private final DecisionCache cache;
    private final Thread listener;
    private volatile boolean running = true;

    /** {@code builtIn} may be null when an external engine decides; the cache is still kept current. */
    public AuthorizationChanges(DataSource dataSource, AuthorizationStore store, BuiltInPolicyDecisionPoint builtIn,
            DecisionCache cache) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.store = store;
        this.builtIn = builtIn;
        this.cache = cache;
        reloadAll();
        this.listener = new Thread(this::listen, "budstikke-authorization-changes");
        this.listener.setDaemon(true);
        this.listener.start();
    }

    /** What an identity may do changed (a role or grant of it added or removed). */
    public void identityChanged(String identity) {
        apply(IDENTITY + identity);
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, CHANNEL, IDENTITY + identity);
    }

    /** A resource was created, changed or deleted. */
    public void resourceChanged(String resource) {
        apply(RESOURCE + resource);
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, CHANNEL, RESOURCE + resource);
    }

    private void apply(String change) {
        if (builtIn != null) {
            builtIn.replace(store.snapshot());
        }
        if (change.startsWith(IDENTITY)) {
            cache.forgetIdentity(change.substring(IDENTITY.length()));
        } else if (change.startsWith(RESOURCE)) {
            cache.forgetResource(change.substring(RESOURCE.length()));
        } else {
            cache.forgetAll();
        }
    }

    private void reloadAll() {
        if (builtIn != null) {
            builtIn.replace(store.snapshot());
        }
        cache.forgetAll();
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                reloadAll();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            apply(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Listening for policy changes failed ({}); reconnecting", e.toString());
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
