package no.budstikke.delivery;

import java.time.Duration;

/**
 * What one push attempt came to, and so what happens next: delivered; gone (410 disables the subscription);
 * deferred (429/503 with Retry-After: try again no sooner than that); or failed (retry by the schedule).
 */
public record PushOutcome(Kind kind, int status, Duration retryAfter, String error, Duration latency) {

    public enum Kind { DELIVERED, GONE, DEFERRED, FAILED }
}
