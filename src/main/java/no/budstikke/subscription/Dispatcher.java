package no.budstikke.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import no.budstikke.authorization.EventAccess;
import no.budstikke.delivery.DeliveryJob;
import no.budstikke.delivery.DeliveryQueue;

/**
 * Turns committed events into delivery jobs. It pages through the event table by sequence number — which never
 * skips an event, see the event store — matches each event against the {@link SubscriptionIndex}, and in one
 * transaction inserts the jobs (unique per event and subscription) and moves its checkpoint. The jobs that are
 * new go to the delivery queue, committed there just before the database commits: a crash before that repeats
 * the page without doubling any job, and after a crash in the instant between the two commits the broker drops
 * the page's messages it already has (duplicate detection by event). The row lock on the checkpoint serializes several nodes.
 */
public class Dispatcher {

    private static final String LOCK_CHECKPOINT = "SELECT last_seq FROM dispatch_checkpoint WHERE name = 'dispatcher' FOR UPDATE";
    private static final String NEXT_EVENTS = "SELECT seq, resource, source, type, subject, alternativesubject, id, "
            + "payload, registered_at FROM event WHERE seq > ? ORDER BY seq LIMIT ?";
    private static final String INSERT_JOBS = "INSERT INTO delivery_job (event_seq, subscription_id) "
            + "SELECT * FROM unnest(?::bigint[], ?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_seq, subscription_id";
    private static final String MOVE_CHECKPOINT = "UPDATE dispatch_checkpoint SET last_seq = ? WHERE name = 'dispatcher'";

    private final DataSource dataSource;
    private final SubscriptionIndex index;
    private final DeliveryQueue queue;
    private final int pageSize;

    public Dispatcher(DataSource dataSource, SubscriptionIndex index, DeliveryQueue queue, int pageSize) {
        this.dataSource = dataSource;
        this.index = index;
        this.queue = queue;
        this.pageSize = pageSize;
    }

    /** Dispatches one page of events; returns how many events it read (0 when it has caught up). */
    public int dispatchPage() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long checkpoint;
                try (PreparedStatement lock = connection.prepareStatement(LOCK_CHECKPOINT);
                     ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    checkpoint = rs.getLong(1);
                }
                List<DeliveryJob> jobs = new ArrayList<>();
                long last = checkpoint;
                int read = 0;
                try (PreparedStatement next = connection.prepareStatement(NEXT_EVENTS)) {
                    next.setLong(1, checkpoint);
                    next.setInt(2, pageSize);
                    try (ResultSet rs = next.executeQuery()) {
                        while (rs.next()) {
                            read++;
                            last = rs.getLong(1);
                            var key = new SubscriptionIndex.EventKey(rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6));
                            List<Subscription> matches = index.match(key);
                            if (!matches.isEmpty()) {
                                EventAccess access = new EventAccess(key.resource(), key.subject(), key.alternativeSubject());
                                String eventId = rs.getString(7);
                                String payload = rs.getString(8);
                                long registered = rs.getObject(9, OffsetDateTime.class).toInstant().toEpochMilli();
                                for (Subscription match : matches) {
                                    jobs.add(new DeliveryJob(match.id(), last, eventId, payload, access, registered, 0, 0));
                                }
                            }
                        }
                    }
                }
                List<DeliveryJob> fresh = jobs.isEmpty() ? List.of() : insertJobs(connection, jobs);
                if (read > 0) {
                    try (PreparedStatement move = connection.prepareStatement(MOVE_CHECKPOINT)) {
                        move.setLong(1, last);
                        move.executeUpdate();
                    }
                }
                if (!fresh.isEmpty()) {
                    queue.enqueueOnce(fresh);
                }
                connection.commit();
                return read;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Inserts the jobs and returns those that did not exist yet (a repeated page finds most of them there). */
    private static List<DeliveryJob> insertJobs(Connection connection, List<DeliveryJob> jobs) throws SQLException {
        Map<String, DeliveryJob> byKey = new HashMap<>();
        Object[] seqs = new Object[jobs.size()];
        Object[] subscriptions = new Object[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            DeliveryJob job = jobs.get(i);
            seqs[i] = job.eventSeq();
            subscriptions[i] = job.subscriptionId();
            byKey.put(job.eventSeq() + "/" + job.subscriptionId(), job);
        }
        List<DeliveryJob> fresh = new ArrayList<>(jobs.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT_JOBS)) {
            insert.setArray(1, connection.createArrayOf("bigint", seqs));
            insert.setArray(2, connection.createArrayOf("uuid", subscriptions));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    fresh.add(byKey.get(rs.getLong(1) + "/" + rs.getObject(2, UUID.class)));
                }
            }
        }
        return fresh;
    }
}
