package no.budstikke.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import no.budstikke.authorization.EventAccess;
import no.budstikke.store.CheckpointedReader;
import no.budstikke.store.CommittedEvent;
import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionIndex;

/**
 * Turns committed events into delivery jobs. It follows the event table behind its checkpoint with a
 * {@link CheckpointedReader} (which never skips an event), matches each event against the
 * {@link SubscriptionIndex}, and in the reader's transaction inserts the jobs (unique per event and subscription).
 * The jobs that are new go to the delivery queue, committed there just before the database commits: a crash before
 * that repeats the page without doubling any job; after a crash in the instant between the two commits the page is
 * queued again, and the broker's duplicate detection drops the messages it has taken before
 * ({@link DeliveryQueue#enqueueOnce}).
 */
public class Dispatcher {

    private static final String INSERT_JOBS = "INSERT INTO delivery_job (event_seq, subscription_id) "
            + "SELECT * FROM unnest(?::bigint[], ?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_seq, subscription_id";

    private final CheckpointedReader reader;
    private final SubscriptionIndex index;
    private final DeliveryQueue queue;

    public Dispatcher(DataSource dataSource, SubscriptionIndex index, DeliveryQueue queue, int pageSize) {
        this.reader = new CheckpointedReader(dataSource, "dispatcher", pageSize, true);
        this.index = index;
        this.queue = queue;
    }

    /** Dispatches one page of events; returns how many events it read (0 when it has caught up). */
    public int dispatchPage() throws SQLException {
        return reader.nextPage(this::dispatch);
    }

    private void dispatch(Connection connection, List<CommittedEvent> page) throws SQLException {
        List<DeliveryJob> jobs = new ArrayList<>();
        for (CommittedEvent event : page) {
            var key = new SubscriptionIndex.EventKey(event.resource(), event.source(), event.type(), event.subject(),
                    event.alternativeSubject());
            List<UUID> matches = index.matchingIds(key);
            if (!matches.isEmpty()) {
                EventAccess access = new EventAccess(key.resource(), key.subject(), key.alternativeSubject());
                long registered = event.registeredAt().toInstant().toEpochMilli();
                for (UUID match : matches) {
                    jobs.add(new DeliveryJob(match, event.seq(), event.id(), event.payload(), access, registered, 0, 0));
                }
            }
        }
        List<DeliveryJob> fresh = jobs.isEmpty() ? List.of() : insertJobs(connection, jobs);
        if (!fresh.isEmpty()) {
            queue.enqueueOnce(fresh);
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
