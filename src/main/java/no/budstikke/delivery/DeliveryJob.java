package no.budstikke.delivery;

import java.util.UUID;

import no.budstikke.authorization.EventAccess;

/**
 * One event on its way to one subscription: what travels through the delivery queue. It carries the stored event
 * itself, so delivering needs no read from the store, and the attributes the authorization check looks at.
 *
 * @param attempt    attempts made so far (0 for a job that was never tried)
 * @param generation 0 for the first delivery; a replay delivers the event again as a new delivery
 * @param traceparent the trace context every push of this delivery is a child of (its dispatch's span), or null
 *                    (tracing off, or an event stored without one): then each push starts a trace of its own
 */
public record DeliveryJob(UUID subscriptionId, long eventSeq, String eventId, String eventJson, EventAccess access,
        long registeredAtMillis, int attempt, int generation, String traceparent) {

    public DeliveryJob(UUID subscriptionId, long eventSeq, String eventId, String eventJson, EventAccess access,
            long registeredAtMillis, int attempt, int generation) {
        this(subscriptionId, eventSeq, eventId, eventJson, access, registeredAtMillis, attempt, generation, null);
    }

    /** Stable across retries of one delivery, so receivers can drop duplicates; new for a replay. */
    public String webhookId() {
        String id = "msg_" + eventSeq + "_" + subscriptionId;
        return generation == 0 ? id : id + "_r" + generation;
    }

    public DeliveryJob afterAttempt() {
        return new DeliveryJob(subscriptionId, eventSeq, eventId, eventJson, access, registeredAtMillis, attempt + 1,
                generation, traceparent);
    }
}
