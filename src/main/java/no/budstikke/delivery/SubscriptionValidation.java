package no.budstikke.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import no.budstikke.subscription.SubscriptionChanges;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Validates pending webhook subscriptions: claims the due ones (a lease, so several nodes never validate the
 * same subscription at once), runs the handshake outside any transaction, then activates the subscription or
 * records the failure and backs off (by default 10 s, 30 s, 1 min, 5 min, then hourly).
 */
public class SubscriptionValidation {

    private static final String CLAIM = """
            UPDATE subscription SET next_validation_at = now() + ?::interval
             WHERE id IN (SELECT id FROM subscription
                           WHERE status = 'pending-validation' AND next_validation_at <= now()
                           ORDER BY next_validation_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, end_point, validation_attempts, signing_secret, number""";
    private static final String ACTIVATE = """
            UPDATE subscription SET status = 'active', last_validation_error = NULL,
                   validation_attempts = validation_attempts + 1
             WHERE id = ? AND status = 'pending-validation'""";
    private static final String FAIL = """
            UPDATE subscription SET validation_attempts = validation_attempts + 1, last_validation_error = ?,
                   next_validation_at = now() + ?::interval
             WHERE id = ? AND status = 'pending-validation'""";

    private record Due(UUID id, String endPoint, int attempts, String signingSecret, long number) {
    }

    private final JdbcTemplate jdbc;
    private final EndpointValidator validator;
    private final SubscriptionChanges changes;
    private final int batch;
    private final Duration claim;
    private final List<Duration> backoff;

    /**
     * {@code batch}: subscriptions validated per round at most; {@code claim}: how long a round keeps them from
     * other nodes; {@code backoff}: the wait after the first, second, … failure (the last repeats).
     */
    public SubscriptionValidation(JdbcTemplate jdbc, EndpointValidator validator, SubscriptionChanges changes,
            int batch, Duration claim, List<Duration> backoff) {
        if (backoff.isEmpty()) {
            throw new IllegalArgumentException("validation needs at least one backoff step");
        }
        this.jdbc = jdbc;
        this.validator = validator;
        this.changes = changes;
        this.batch = batch;
        this.claim = claim;
        this.backoff = List.copyOf(backoff);
    }

    /** Validates every subscription that is due; returns how many were tried. */
    public int validateDue() {
        List<Due> due = jdbc.query(CLAIM, (rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                rs.getString(4), rs.getLong(5)), claim.getSeconds() + " seconds", batch);
        for (Due subscription : due) {
            EndpointValidator.Result result = validator.validate(URI.create(subscription.endPoint()), subscription.number(),
                    subscription.signingSecret());
            if (result.valid()) {
                jdbc.update(ACTIVATE, subscription.id());
                changes.announce(subscription.id());
            } else {
                Duration wait = backoff.get(Math.min(subscription.attempts(), backoff.size() - 1));
                jdbc.update(FAIL, result.reason(), wait.getSeconds() + " seconds", subscription.id());
            }
        }
        return due.size();
    }
}
