package no.budstikke.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How subscriptions' endpoints are doing, for the console: success rate and latency over each one's recent
 * attempts, the deliveries waiting for a retry or dead-lettered, this node's circuit state and the last failures.
 * A page of subscriptions costs two queries, whatever its size, and every lookup in them follows an index on the
 * subscription, so the answer stays quick however long the log grows.
 */
public class SubscriptionHealth {

    /** How many of the latest attempts the rate and the latencies are taken over. */
    static final int RECENT = 1000;
    /** How many of the latest failures are shown. */
    static final int FAILURES = 5;

    private static final String SUMMARY = "SELECT s.id, r.attempts, r.delivered, r.p50, r.p99, "
            + "(SELECT count(*) FROM delivery_job j WHERE j.subscription_id = s.id AND j.status = 'queued' "
            + "AND j.attempts > 0), "
            + "(SELECT count(*) FROM delivery_job j WHERE j.subscription_id = s.id AND j.status = 'dead') "
            + "FROM unnest(?::uuid[]) AS s(id) CROSS JOIN LATERAL (SELECT count(*) AS attempts, "
            + "count(*) FILTER (WHERE outcome = 'delivered') AS delivered, "
            + "percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, "
            + "percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99 FROM (SELECT outcome, latency_ms "
            + "FROM delivery_attempt a WHERE a.subscription_id = s.id ORDER BY a.id DESC LIMIT " + RECENT + ") recent) r";
    private static final String FAILED = "SELECT s.id, f.at, f.event_id, f.outcome, f.status_code, f.error "
            + "FROM unnest(?::uuid[]) AS s(id) CROSS JOIN LATERAL (SELECT id, at, event_id, outcome, status_code, error "
            + "FROM delivery_attempt a WHERE a.subscription_id = s.id AND a.outcome IN ('failed', 'dead') "
            + "ORDER BY a.id DESC LIMIT " + FAILURES + ") f ORDER BY s.id, f.id DESC";

    private final JdbcTemplate jdbc;
    private final EndpointGate gate;

    public SubscriptionHealth(JdbcTemplate jdbc, EndpointGate gate) {
        this.jdbc = jdbc;
        this.gate = gate;
    }

    public Map<String, Object> of(UUID subscription) {
        return of(List.of(subscription)).get(subscription);
    }

    /** The health of each subscription named, by id. */
    public Map<UUID, Map<String, Object>> of(List<UUID> subscriptions) {
        Map<UUID, Map<String, Object>> healths = new LinkedHashMap<>();
        if (subscriptions.isEmpty()) {
            return healths;
        }
        Object[] ids = subscriptions.toArray();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(SUMMARY);
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            return statement;
        }, rs -> {
            UUID id = rs.getObject(1, UUID.class);
            long attempts = rs.getLong(2);
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("recentAttempts", attempts);
            health.put("successRate", attempts == 0 ? null : (double) rs.getLong(3) / attempts);
            health.put("latencyP50Ms", rs.getObject(4));
            health.put("latencyP99Ms", rs.getObject(5));
            health.put("retryBacklog", rs.getLong(6));
            health.put("deadLetters", rs.getLong(7));
            health.put("circuit", gate.isOpen(id) ? "open" : "closed");
            health.put("lastFailures", new ArrayList<Map<String, Object>>());
            healths.put(id, health);
        });
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(FAILED);
            statement.setArray(1, connection.createArrayOf("uuid", ids));
            return statement;
        }, rs -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("time", rs.getTimestamp(2).toInstant().toString());
            failure.put("eventId", rs.getString(3));
            failure.put("outcome", rs.getString(4));
            failure.put("statusCode", rs.getObject(5));
            failure.put("error", rs.getString(6));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> failures = (List<Map<String, Object>>) healths.get(rs.getObject(1, UUID.class))
                    .get("lastFailures");
            failures.add(failure);
        });
        return healths;
    }
}
