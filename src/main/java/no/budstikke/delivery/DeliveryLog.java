package no.budstikke.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import no.budstikke.store.BatchedWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery log in PostgreSQL. Pushes must not wait for it, so attempts are queued and one writer thread
 * stores them in batches, together with the new state of each job. A crash may lose the last moments of the
 * log, never a delivery: the job itself lives in the broker until its attempt is over.
 */
public class DeliveryLog implements AutoCloseable {

    private static final String INSERT = "INSERT INTO delivery_attempt (subscription_id, event_seq, event_id, attempt, at, "
            + "outcome, status_code, latency_ms, error) SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], "
            + "?::int[], ?::timestamptz[], ?::text[], ?::int[], ?::int[], ?::text[])";
    private static final String UPDATE_JOBS = "UPDATE delivery_job j SET status = u.status, attempts = u.attempts, "
            + "updated = now() FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::int[]) AS u(seq, sub, status, attempts) "
            + "WHERE j.event_seq = u.seq AND j.subscription_id = u.sub";
    /** The analytics' deliveries per resource, hour and outcome, counted in the transaction that logs them. */
    private static final String COUNT_OUTCOMES = "INSERT INTO analytics_delivery_hour (resource, hour, outcome, deliveries) "
            + "SELECT s.resource_filter, date_trunc('hour', u.at, 'UTC'), u.outcome, count(*) "
            + "FROM unnest(?::uuid[], ?::timestamptz[], ?::text[]) AS u(sub, at, outcome) JOIN subscription s ON s.id = u.sub "
            + "GROUP BY 1, 2, 3 ON CONFLICT (resource, hour, outcome) "
            + "DO UPDATE SET deliveries = analytics_delivery_hour.deliveries + excluded.deliveries";

    private static final String SETTLED = "SELECT u.seq, u.sub FROM unnest(?::bigint[], ?::uuid[], ?::int[], ?::int[]) "
            + "AS u(seq, sub, attempt, generation) JOIN delivery_job j ON j.event_seq = u.seq AND j.subscription_id = u.sub "
            + "WHERE j.generation = u.generation AND (j.attempts > u.attempt OR j.status <> 'queued')";

    private static final String LINES = "SELECT id, event_id AS \"eventId\", attempt, at AS \"time\", outcome, "
            + "status_code AS \"statusCode\", latency_ms AS \"latencyMs\", error FROM delivery_attempt "
            + "WHERE subscription_id = ? AND ";

    private final JdbcTemplate jdbc;
    private final BatchedWriter<DeliveryAttempt> writer;

    /** {@code capacity}: attempts that may wait to be written; {@code batch}: written per statement at most. */
    public DeliveryLog(DataSource dataSource, int capacity, int batch) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.writer = new BatchedWriter<>("delivery-log", dataSource, capacity, batch, DeliveryLog::write);
    }

    public void record(DeliveryAttempt attempt) {
        writer.add(attempt);
    }

    /** Records the attempt; {@code stored} runs once its line is committed. */
    public void record(DeliveryAttempt attempt, Runnable stored) {
        writer.add(attempt, stored);
    }

    /**
     * The jobs whose attempt has not been logged as over: a job that comes back from waiting, or a message the
     * broker hands out again after a crash, may carry an attempt that was made meanwhile (a push left running past
     * its message's hold, whose copy waited in the broker; or pushes made before the crash). Those are dropped.
     */
    public List<DeliveryJob> unsettled(List<DeliveryJob> jobs) {
        if (jobs.isEmpty()) {
            return jobs;
        }
        int n = jobs.size();
        Object[] seqs = new Object[n];
        Object[] subscriptions = new Object[n];
        Object[] attempts = new Object[n];
        Object[] generations = new Object[n];
        for (int i = 0; i < n; i++) {
            DeliveryJob job = jobs.get(i);
            seqs[i] = job.eventSeq();
            subscriptions[i] = job.subscriptionId();
            attempts[i] = job.attempt();
            generations[i] = job.generation();
        }
        java.util.Set<String> settled = new java.util.HashSet<>(jdbc.query(connection -> {
            var statement = connection.prepareStatement(SETTLED);
            statement.setArray(1, connection.createArrayOf("bigint", seqs));
            statement.setArray(2, connection.createArrayOf("uuid", subscriptions));
            statement.setArray(3, connection.createArrayOf("int4", attempts));
            statement.setArray(4, connection.createArrayOf("int4", generations));
            return statement;
        }, (rs, row) -> rs.getLong(1) + "/" + rs.getObject(2, UUID.class)));
        if (settled.isEmpty()) {
            return jobs;
        }
        return jobs.stream().filter(job -> !settled.contains(job.eventSeq() + "/" + job.subscriptionId())).toList();
    }

    /** Log lines that could not be kept because the database fell too far behind. */
    public long dropped() {
        return writer.dropped();
    }

    /** One page of a subscription's log, newest last, optionally only one outcome, after a log id. */
    public List<Map<String, Object>> page(UUID subscription, String outcome, long afterId, int size) {
        return jdbc.queryForList(LINES + "id > ? AND (?::text IS NULL OR outcome = ?) ORDER BY id LIMIT ?",
                subscription, afterId, outcome, outcome, size);
    }

    /**
     * One page of a subscription's log read backwards: newest first, before a log id (none: from the newest). Both
     * indexes on the log lead with the subscription and end in the id, so this is the same walk as {@link #page},
     * the other way.
     */
    public List<Map<String, Object>> pageBefore(UUID subscription, String outcome, long beforeId, int size) {
        return jdbc.queryForList(LINES + "id < ? AND (?::text IS NULL OR outcome = ?) ORDER BY id DESC LIMIT ?",
                subscription, beforeId, outcome, outcome, size);
    }

    /** Jobs waiting for a retry, over all subscriptions. */
    public long retryBacklog() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM delivery_job WHERE status = 'queued' AND attempts > 0",
                Long.class);
        return count == null ? 0 : count;
    }

    /** Deletes log lines older than the cutoff, and the jobs of events that retention has dropped. */
    public void forgetBefore(java.time.OffsetDateTime cutoff) {
        jdbc.update("DELETE FROM delivery_attempt WHERE at < ?", cutoff);
        jdbc.update("DELETE FROM delivery_job WHERE event_seq < (SELECT min(seq) FROM event)");
    }

    private static void write(Connection connection, List<DeliveryAttempt> batch) throws SQLException {
        int n = batch.size();
        Object[][] log = new Object[9][n];
        Object[][] jobs = new Object[4][n];
        for (int i = 0; i < n; i++) {
            DeliveryAttempt a = batch.get(i);
            log[0][i] = a.subscriptionId();
            log[1][i] = a.eventSeq();
            log[2][i] = a.eventId();
            log[3][i] = a.attempt();
            log[4][i] = a.at().toString();
            log[5][i] = a.outcome();
            log[6][i] = a.statusCode();
            log[7][i] = a.latencyMillis();
            log[8][i] = a.error();
            jobs[0][i] = a.eventSeq();
            jobs[1][i] = a.subscriptionId();
            jobs[2][i] = a.jobStatus();
            jobs[3][i] = a.attempt();
        }
        String[] logTypes = {"uuid", "bigint", "text", "int4", "text", "text", "int4", "int4", "text"};
        String[] jobTypes = {"bigint", "uuid", "text", "int4"};
        BatchedWriter.executeColumns(connection, INSERT, log, logTypes);
        BatchedWriter.executeColumns(connection, UPDATE_JOBS, jobs, jobTypes);
        BatchedWriter.executeColumns(connection, COUNT_OUTCOMES, new Object[][] {log[0], log[4], log[5]},
                new String[] {"uuid", "text", "text"});
    }

    @Override
    public void close() throws InterruptedException {
        writer.close();
    }
}
