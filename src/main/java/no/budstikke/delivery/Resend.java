package no.budstikke.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import no.budstikke.authorization.EventAccess;
import no.budstikke.store.StoreUnavailableException;
import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionFilter;
import no.budstikke.subscription.SubscriptionIndex;

/**
 * Sends events to a subscription again: its dead letters (the same deliveries, with their webhook-id, tried from
 * the start of the schedule), or every stored event after a cursor that passes the subscription's filters (new
 * deliveries, each with a new webhook-id). Either way the jobs take the normal delivery route, authorization
 * included. Each call handles at most {@code limit} jobs and says where to go on. A dead letter sent again stays in
 * the trace of its event's publish (stored with the event while tracing is on).
 */
public class Resend {

    private static final int SCAN_PAGE = 1000;
    private static final String EVENTS_AFTER = "SELECT seq, source, type, subject, alternativesubject, id, payload, "
            + "registered_at FROM event WHERE resource = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String UPSERT_JOBS = "INSERT INTO delivery_job (event_seq, subscription_id) "
            + "SELECT * FROM unnest(?::bigint[], ?::uuid[]) ON CONFLICT (event_seq, subscription_id) DO UPDATE "
            + "SET generation = delivery_job.generation + 1, status = 'queued', attempts = 0, updated = now() "
            + "RETURNING event_seq, generation";
    private static final String REVIVE_DEAD = "UPDATE delivery_job j SET status = 'queued', attempts = 0, updated = now() "
            + "FROM event e WHERE e.seq = j.event_seq AND j.subscription_id = ? AND j.event_seq IN "
            + "(SELECT event_seq FROM delivery_job WHERE subscription_id = ? AND status = 'dead' ORDER BY event_seq LIMIT ?) "
            + "RETURNING j.event_seq, j.generation, e.id, e.payload, e.resource, e.subject, e.alternativesubject, e.registered_at, "
            + "e.traceparent";

    /** How a resend went: jobs queued, and for a replay the cursor to continue from when a limit cut it short. */
    public record Result(int queued, Long next) {
    }

    private final DataSource dataSource;
    private final DeliveryQueue queue;
    private final int maxScanned;

    /** @param maxScanned stored events one replay reads at most before it answers with the cursor to go on from */
    public Resend(DataSource dataSource, DeliveryQueue queue, int maxScanned) {
        this.dataSource = dataSource;
        this.queue = queue;
        this.maxScanned = maxScanned;
    }

    public Result deadLetters(Subscription subscription, int limit) {
        return inTransaction(connection -> {
            List<DeliveryJob> jobs = new ArrayList<>();
            try (PreparedStatement revive = connection.prepareStatement(REVIVE_DEAD)) {
                revive.setObject(1, subscription.id());
                revive.setObject(2, subscription.id());
                revive.setInt(3, limit);
                try (ResultSet rs = revive.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(new DeliveryJob(subscription.id(), rs.getLong(1), rs.getString(3), rs.getString(4),
                                new EventAccess(rs.getString(5), rs.getString(6), rs.getString(7)),
                                millis(rs.getObject(8, OffsetDateTime.class)), 0, rs.getInt(2), rs.getString(9)));
                    }
                }
            }
            if (!jobs.isEmpty()) {
                queue.enqueue(jobs);
            }
            return new Result(jobs.size(), null);
        });
    }

    public Result replay(Subscription subscription, long after, int limit) {
        SubscriptionFilter filter = subscription.filter();
        return inTransaction(connection -> {
            List<DeliveryJob> jobs = new ArrayList<>();
            long cursor = after;
            int scanned = 0;
            boolean more = true;
            while (jobs.size() < limit && scanned < maxScanned && more) {
                int read = 0;
                try (PreparedStatement page = connection.prepareStatement(EVENTS_AFTER)) {
                    page.setString(1, filter.resource());
                    page.setLong(2, cursor);
                    page.setInt(3, SCAN_PAGE);
                    try (ResultSet rs = page.executeQuery()) {
                        while (jobs.size() < limit && rs.next()) {
                            read++;
                            cursor = rs.getLong(1);
                            var key = new SubscriptionIndex.EventKey(filter.resource(), rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5));
                            if (SubscriptionIndex.accepts(filter, key)) {
                                jobs.add(new DeliveryJob(subscription.id(), cursor, rs.getString(6), rs.getString(7),
                                        new EventAccess(filter.resource(), key.subject(), key.alternativeSubject()),
                                        millis(rs.getObject(8, OffsetDateTime.class)), 0, 0));
                            }
                        }
                    }
                }
                scanned += read;
                more = read == SCAN_PAGE || jobs.size() == limit;
            }
            List<DeliveryJob> queued = withGenerations(connection, jobs);
            if (!queued.isEmpty()) {
                queue.enqueue(queued);
            }
            return new Result(queued.size(), more ? cursor : null);
        });
    }

    /** Records the jobs (again), taking the generation each now has, so a replay gets a new webhook-id. */
    private static List<DeliveryJob> withGenerations(Connection connection, List<DeliveryJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return jobs;
        }
        Object[] seqs = jobs.stream().map(DeliveryJob::eventSeq).toArray();
        Object[] subscriptions = jobs.stream().map(DeliveryJob::subscriptionId).toArray();
        java.util.Map<Long, Integer> generations = new java.util.HashMap<>();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_JOBS)) {
            upsert.setArray(1, connection.createArrayOf("bigint", seqs));
            upsert.setArray(2, connection.createArrayOf("uuid", subscriptions));
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    generations.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return jobs.stream().map(job -> new DeliveryJob(job.subscriptionId(), job.eventSeq(), job.eventId(),
                job.eventJson(), job.access(), job.registeredAtMillis(), 0, generations.getOrDefault(job.eventSeq(), 0)))
                .toList();
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }

    private interface Work {
        Result run(Connection connection) throws SQLException;
    }

    private Result inTransaction(Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Result result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Resending failed", e);
        }
    }
}
