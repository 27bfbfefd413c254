package no.budstikke.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import no.budstikke.tracing.TraceSpan;
import no.budstikke.tracing.Tracing;

/**
 * Tracing on: each push attempt is a span ({@code webhook push}), the child of its delivery's trace context (the
 * dispatch of the event, so every retry stays in the publisher's trace) or, without one, the first of a trace of its
 * own; the subscriber receives that span's context as its {@code traceparent}, so its own spans join the trace.
 */
public final class TracedPushes implements PushTrace {

    private final Tracing tracing;

    public TracedPushes(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public CompletableFuture<PushOutcome> around(String parent, Function<String, CompletableFuture<PushOutcome>> push) {
        TraceSpan span = tracing.start("webhook push", Tracing.Kind.CLIENT, parent);
        CompletableFuture<PushOutcome> outcome;
        try (TraceSpan.Scope scope = span.scope()) {
            outcome = push.apply(span.traceparent());
        } catch (RuntimeException e) {
            span.end(e);
            throw e;
        }
        // The push answers on the HTTP client's I/O thread: the span ends there, with the outcome.
        return outcome.whenComplete((result, failure) -> {
            if (failure == null) {
                span.tag("outcome", result.endpointFailure() ? "failed" : "delivered");
                if (result.status() > 0) {
                    span.tag("http.response.status_code", result.status());
                }
            }
            span.end(failure);
        });
    }
}
