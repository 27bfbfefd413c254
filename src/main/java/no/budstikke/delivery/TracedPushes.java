package no.budstikke.delivery;

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
    public PushOutcome around(Function<String, PushOutcome> push) {
        Span span = tracer.nextSpan().name("webhook push").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            var context = span.context();
            String flags = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
            PushOutcome outcome = push.apply("00-" + context.traceId() + "-" + context.spanId() + "-" + flags);
            span.tag("outcome", outcome.endpointFailure() ? "failed" : "delivered");
            return outcome;
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
