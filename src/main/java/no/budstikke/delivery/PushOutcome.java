package no.budstikke.delivery;

import java.time.Duration;

/**
 * What one delivery attempt came to, and so what happens next: delivered; gone (410 disables the subscription);
 * deferred (429/503 with Retry-After: try again no sooner than that); failed (retry by the schedule);
 * unauthorized (the consumer may not read the event: never sent); or postponed (not tried at all, because the
 * subscription has its maximum in flight or its circuit is open: the job waits without counting an attempt).
 */
public record PushOutcome(Kind kind, int status, Duration retryAfter, String error, Duration latency) {

    public enum Kind { DELIVERED, GONE, DEFERRED, FAILED, UNAUTHORIZED, POSTPONED }

    public static PushOutcome unauthorized() {
        return new PushOutcome(Kind.UNAUTHORIZED, 0, null, "the consumer may not read this event", Duration.ZERO);
    }

    public static PushOutcome postponed(Duration wait) {
        return new PushOutcome(Kind.POSTPONED, 0, wait, null, Duration.ZERO);
    }

    public static PushOutcome delivered(int status, Duration latency) {
        return new PushOutcome(Kind.DELIVERED, status, null, null, latency);
    }

    public static PushOutcome failed(int status, String error, Duration latency) {
        return new PushOutcome(Kind.FAILED, status, null, error, latency);
    }

    /** Counts against the endpoint's health: it answered badly, slowly or not at all. */
    public boolean endpointFailure() {
        return kind == Kind.FAILED || kind == Kind.DEFERRED;
    }
}
