package no.budstikke.subscription;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import no.budstikke.delivery.EndpointValidator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Validates pending webhook subscriptions: claims the due ones (a lease, so several nodes never validate the
 * same subscription at once), runs the handshake outside any transaction, then activates the subscription or
 * records the failure and backs off (10 s, 30 s, 1 min, 5 min, then hourly).
 */
public class SubscriptionValidation {

    private static final String CLAIM = """
            UPDATE subscription SET next_validation_at = now() + interval '5 minutes'
             WHERE id IN (SELECT id FROM subscription
                           WHERE status = 'pending-validation' AND next_validation_at <= now()
                           ORDER BY next_validation_at LIMIT 10 FOR UPDATE SKIP LOCKED)
            RETURNING id, end_point, validation_attempts, signing_secret, number""";
    private static final String ACTIVATE = """
            UPDATE subscription SET status = 'active', last_validation_error = NULL,
                   validation_attempts = validation_attempts + 1
             WHERE id = ? AND status = 'pending-validation'""";
    private static final String FAIL = """
            UPDATE subscription SET validation_attempts = validation_attempts + 1, last_validation_error = ?,
                   next_validation_at = now() + ?::interval
             WHERE id = ? AND status = 'pending-validation'""";
    private static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));

    private record Due(UUID id, String endPoint, int attempts, String signingSecret, long number) {
    }

    private final JdbcTemplate jdbc;
    private final EndpointValidator validator;
    private final SubscriptionChanges changes;

    public SubscriptionValidation(JdbcTemplate jdbc, EndpointValidator validator, SubscriptionChanges changes) {
        this.jdbc = jdbc;
        this.validator = validator;
        this.changes = changes;
    }

    /** Validates every subscription that is due; returns how many were tried. */
    public int validateDue() {
        List<Due> due = jdbc.query(CLAIM, (rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                rs.getString(4), rs.getLong(5)));
        for (Due subscription : due) {
            EndpointValidator.Result result = validator.validate(URI.create(subscription.endPoint()), subscription.number(),
                    subscription.signingSecret());
            if (result.valid()) {
                jdbc.update(ACTIVATE, subscription.id());
                changes.announce(subscription.id());
            } else {
                Duration wait = BACKOFF.get(Math.min(subscription.attempts(), BACKOFF.size() - 1));
                jdbc.update(FAIL, result.reason(), wait.getSeconds() + " seconds", subscription.id());
            }
        }
        return due.size();
    }
}
