package no.budstikke.web;

import java.util.List;
import java.util.Map;

import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.event.EventTooLargeException;
import no.budstikke.event.InvalidEventException;
import no.budstikke.event.UnsupportedContentTypeException;
import no.budstikke.store.ConflictingEventException;
import no.budstikke.store.StoreUnavailableException;
import no.budstikke.store.UnknownCursorException;

/** Maps what went wrong in the pipeline to the problem document and status the API promises. */
public final class ProblemMapper {

    /** A problem, the reason it is counted under, and any extra response headers. */
    public record Mapped(Problem problem, String reason, Map<String, String> headers) {
    }

    public Mapped map(Throwable failure) {
        if (failure instanceof InvalidEventException invalid) {
            return new Mapped(new Problem("about:blank", "Bad Request", 400, invalid.getMessage(), invalid.errors()),
                    "invalid", Map.of());
        }
        if (failure instanceof InvalidQueryException invalid) {
            return new Mapped(new Problem("about:blank", "Bad Request", 400, invalid.getMessage(), invalid.errors()),
                    "invalid-query", Map.of());
        }
        if (failure instanceof UnknownCursorException unknown) {
            return new Mapped(new Problem("about:blank", "Bad Request", 400, unknown.getMessage(),
                    List.of(new no.budstikke.event.FieldError("after", "is not a cursor this hub issued"))),
                    "unknown-cursor", Map.of());
        }
        if (failure instanceof EventTooLargeException tooLarge) {
            return simple(413, "Content Too Large", tooLarge.getMessage(), "too-large");
        }
        if (failure instanceof UnsupportedContentTypeException unsupported) {
            return simple(415, "Unsupported Media Type", unsupported.getMessage(), "unsupported-media-type");
        }
        if (failure instanceof PublishDeniedException denied) {
            return simple(403, "Forbidden", denied.getMessage(), "forbidden");
        }
        if (failure instanceof ConflictingEventException conflict) {
            return simple(409, "Conflict", conflict.getMessage(), "conflict");
        }
        if (failure instanceof no.budstikke.subscription.SubscribeDeniedException denied) {
            return simple(403, "Forbidden", denied.getMessage(), "forbidden");
        }
        if (failure instanceof no.budstikke.subscription.SubscriptionForbiddenException forbidden) {
            return simple(403, "Forbidden", forbidden.getMessage(), "forbidden");
        }
        if (failure instanceof CallerRefusedException refused) {
            return simple(refused.status(), refused.status() == 401 ? "Unauthorized" : "Forbidden",
                    refused.getMessage(), "forbidden");
        }
        if (failure instanceof no.budstikke.subscription.SubscriptionNotFoundException missing) {
            return simple(404, "Not Found", missing.getMessage(), "not-found");
        }
        if (failure instanceof ForbiddenException forbidden) {
            return simple(403, "Forbidden", forbidden.getMessage(), "forbidden");
        }
        if (failure instanceof NotFoundException missing) {
            return simple(404, "Not Found", missing.getMessage(), "not-found");
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            return new Mapped(Problem.of(405, "Method Not Allowed", notAllowed.getMessage()), "method-not-allowed",
                    Map.of("Allow", notAllowed.allowed()));
        }
        if (failure instanceof no.budstikke.subscription.SubscriberQueueUnavailableException) {
            return new Mapped(Problem.of(503, "Service Unavailable", "The subscription is stored, but the broker could "
                    + "not create its queue yet; the same request again returns the subscription and creates the queue."),
                    "unavailable", Map.of("Retry-After", "1"));
        }
        if (failure instanceof StoreUnavailableException) {
            return new Mapped(Problem.of(503, "Service Unavailable",
                    "The event store is unavailable; nothing of this request was stored. Retry later."),
                    "unavailable", Map.of("Retry-After", "1"));
        }
        return simple(500, "Internal Server Error", "The hub failed unexpectedly; nothing of this request was stored.",
                "error");
    }

    private static Mapped simple(int status, String title, String detail, String reason) {
        return new Mapped(Problem.of(status, title, detail), reason, Map.of());
    }
}
