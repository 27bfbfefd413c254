package no.budstikke.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of the delivery log, and the state it leaves the job in.
 *
 * @param outcome   {@code delivered}, {@code failed}, {@code dead} (the last attempt failed) or {@code unauthorized}
 * @param jobStatus the job's state afterwards: queued (a retry follows), delivered, dead, unauthorized, cancelled
 */
public record DeliveryAttempt(UUID subscriptionId, long eventSeq, String eventId, int attempt, Instant at,
        String outcome, Integer statusCode, Integer latencyMillis, String error, String jobStatus) {
}
