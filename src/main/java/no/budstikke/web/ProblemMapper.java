package no.budstikke.web;

import java.util.Map;

import no.budstikke.event.Refusal;
import no.budstikke.store.StoreUnavailableException;
import no.budstikke.subscription.SubscriberQueueUnavailableException;

/**
 * Maps what went wrong to the problem document and status the API promises: a {@link Refusal} answers with its
 * own status and message; the hub's own failures with 503 (retry) or 500, in words that quote nothing.
 */
public final class ProblemMapper {

    /** A problem, the reason it is counted under, and any extra response headers. */
    public record Mapped(Problem problem, String reason, Map<String, String> headers) {
    }

    public Mapped map(Throwable failure) {
        if (failure instanceof Refusal refusal) {
            return new Mapped(new Problem("about:blank", refusal.title(), refusal.status(), refusal.getMessage(),
                    refusal.errors()), refusal.reason(), refusal.headers());
        }
        if (failure instanceof SubscriberQueueUnavailableException) {
            return new Mapped(Problem.of(503, "Service Unavailable", "The subscription is stored, but the broker could "
                    + "not create its queue yet; the same request again returns the subscription and creates the queue."),
                    "unavailable", Map.of("Retry-After", "1"));
        }
        if (failure instanceof StoreUnavailableException) {
            return new Mapped(Problem.of(503, "Service Unavailable",
                    "The event store is unavailable; nothing of this request was stored. Retry later."),
                    "unavailable", Map.of("Retry-After", "1"));
        }
        return new Mapped(Problem.of(500, "Internal Server Error",
                "The hub failed unexpectedly; nothing of this request was stored."), "error", Map.of());
    }
}
