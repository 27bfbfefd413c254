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
import no.budstikke.tracing.TraceSpan;
import no.budstikke.tracing.Tracing;

/**
 * Turns committed events into delivery jobs. It follows the event table behind its checkpoint with a
 * {@link CheckpointedReader} (which never skips an event), matches each event against the
 * {@link SubscriptionIndex}, and in the reader's transaction inserts the jobs (unique per event and subscription).
 * The jobs that are new go to the delivery queue, committed there just before the database commits: a crash before
 * that repeats the page without doubling any job; after a crash in the instant between the two commits the page is
 * queued again, and the broker's duplicate detection drops the messages it has taken before
 * ({@link DeliveryQueue#enqueueOnce}). While tracing is on, an event stored with its publish's trace context is
 * dispatched in a span of that trace ({@code event dispatch}), whose context its jobs carry to their pushes.
 */
public class Dispatcher {

    private static final String INSERT_JOBS = "INSERT INTO delivery_job (event_seq, subscription_id) "
            + "SELECT * FROM unnest(?::bigint[], ?::uuid[]) ON CONFLICT DO NOTHING RETURNING event_seq, subscription_id";

    private final CheckpointedReader reader;
    private final SubscriptionIndex index;
    private final DeliveryQueue queue;
    private final Tracing tracing;

    public Dispatcher(DataSource dataSource, SubscriptionIndex index, DeliveryQueue queue, int pageSize,
            Tracing tracing) {
        this.reader = new CheckpointedReader(dataSource, "dispatcher", pageSize, true, tracing.on());
        this.index = index;
        this.queue = queue;
        this.tracing = tracing;
    }

    /** Dispatches one page of events; returns how many events it read (0 when it has caught up). */
    public int dispatchPage() throws SQLException {
        return reader.nextPage(this::dispatch);
    }

    private void dispatch(Connection connection, List<CommittedEvent> page) throws SQLException {
        List<DeliveryJob> jobs = new ArrayList<>();
        List<TraceSpan> spans = null;
        for (CommittedEvent event : page) {
            var key = new SubscriptionIndex.EventKey(event.resource(), event.source(), event.type(), event.subject(),
                    event.alternativeSubject());
            List<UUID> matches = index.matchingIds(key);
            String traceparent = null;
            // Only read from the store while tracing is on: off, this is always null.
            if (event.traceparent() != null) {
                TraceSpan span = tracing.start("event dispatch", Tracing.Kind.PRODUCER, event.traceparent())
                        .tag("budstikke.seq", event.seq()).tag("budstikke.subscriptions", matches.size());
                traceparent = span.traceparent();
                if (spans == null) {
                    spans = new ArrayList<>();
                }
                spans.add(span);
            }
            if (!matches.isEmpty()) {
                EventAccess access = new EventAccess(key.resource(), key.subject(), key.alternativeSubject());
                long registered = event.registeredAt().toInstant().toEpochMilli();
                for (UUID match : matches) {
                    jobs.add(new DeliveryJob(match, event.seq(), event.id(), event.payload(), access, registered, 0, 0,
                            traceparent));
                }
            }
        }
        Throwable failure = null;
        try {
            List<DeliveryJob> fresh = jobs.isEmpty() ? List.of() : insertJobs(connection, jobs);
            if (!fresh.isEmpty()) {
                queue.enqueueOnce(fresh);
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            if (spans != null) {
                for (TraceSpan span : spans) {
                    span.end(failure);
                }
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
