package no.budstikke.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a subscription's endpoint is doing, for the console: success rate and latency over its recent attempts,
 * the deliveries waiting for a retry or dead-lettered, this node's circuit state and the last failures. Every
 * query follows an index on the subscription, so the answer stays quick however long the log grows.
 */
public class SubscriptionHealth {

    /** How many of the latest attempts the rate and the latencies are taken over. */
    static final int RECENT = 1000;

    private final JdbcTemplate jdbc;
    private final EndpointGate gate;

    public SubscriptionHealth(JdbcTemplate jdbc, EndpointGate gate) {
        this.jdbc = jdbc;
        this.gate = gate;
    }

    public Map<String, Object> of(UUID subscription) {
        Map<String, Object> health = new LinkedHashMap<>();
        jdbc.query("SELECT count(*), count(*) FILTER (WHERE outcome = 'delivered'), "
                + "percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms), "
                + "percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) FROM (SELECT outcome, latency_ms "
                + "FROM delivery_attempt WHERE subscription_id = ? ORDER BY id DESC LIMIT " + RECENT + ") recent", rs -> {
                    long attempts = rs.getLong(1);
                    health.put("recentAttempts", attempts);
                    health.put("successRate", attempts == 0 ? null : (double) rs.getLong(2) / attempts);
                    health.put("latencyP50Ms", rs.getObject(3));
                    health.put("latencyP99Ms", rs.getObject(4));
                }, subscription);
        health.put("retryBacklog", jdbc.queryForObject("SELECT count(*) FROM delivery_job WHERE subscription_id = ? "
                + "AND status = 'queued' AND attempts > 0", Long.class, subscription));
        health.put("deadLetters", jdbc.queryForObject("SELECT count(*) FROM delivery_job WHERE subscription_id = ? "
                + "AND status = 'dead'", Long.class, subscription));
        health.put("circuit", gate.isOpen(subscription) ? "open" : "closed");
        List<Map<String, Object>> failures = jdbc.queryForList("SELECT at AS \"time\", event_id AS \"eventId\", outcome, "
                + "status_code AS \"statusCode\", error FROM delivery_attempt WHERE subscription_id = ? "
                + "AND outcome IN ('failed', 'dead') ORDER BY id DESC LIMIT 5", subscription);
        failures.forEach(line -> line.computeIfPresent("time", (k, v) -> v instanceof java.sql.Timestamp t
                ? t.toInstant().toString() : v.toString()));
        health.put("lastFailures", failures);
        return health;
    }
}
