package no.budstikke.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Tracing on: each push attempt is a span ({@code webhook push}), exported with the others, and the
 * subscriber receives that span's context as its {@code traceparent}, so its own spans join the same trace.
 */
public final class TracedPushes implements PushTrace {

    private final Tracer tracer;

    public TracedPushes(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public CompletableFuture<PushOutcome> around(Function<String, CompletableFuture<PushOutcome>> push) {
        Span span = tracer.nextSpan().name("webhook push").start();
        CompletableFuture<PushOutcome> outcome;
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            var context = span.context();
            String flags = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
            outcome = push.apply("00-" + context.traceId() + "-" + context.spanId() + "-" + flags);
        } catch (RuntimeException e) {
            span.error(e);
            span.end();
            throw e;
        }
        // The push answers on the HTTP client's I/O thread: the span ends there, with the outcome.
        return outcome.whenComplete((result, failure) -> {
            if (failure != null) {
                span.error(failure);
            } else {
                span.tag("outcome", result.endpointFailure() ? "failed" : "delivered");
            }
            span.end();
        });
    }
}
