package no.budstikke.tracing;

import java.util.function.Function;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * Tracing on: the hub's spans through Micrometer Tracing, so they share the trace of the HTTP server spans Spring
 * records and go out with them over OTLP.
 */
public final class MicrometerTracing implements Tracing {

    private final Tracer tracer;

    public MicrometerTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public boolean on() {
        return true;
    }

    @Override
    public TraceSpan start(String name, Kind kind, String parent) {
        Span.Builder builder = tracer.spanBuilder().name(name);
        if (kind != Kind.INTERNAL) {
            builder.kind(Span.Kind.valueOf(kind.name()));
        }
        TraceContext context = context(parent);
        if (context != null) {
            builder.setParent(context);
        }
        // Without a parent Micrometer's builder takes the span current on this thread, if there is one.
        return new Started(tracer, builder.start());
    }

    @Override
    public <T> TraceSpan startBatch(String name, Iterable<T> items, Function<T, String> parentOf) {
        Span.Builder builder = null;
        for (T item : items) {
            TraceContext context = context(parentOf.apply(item));
            if (context == null) {
                continue;
            }
            if (builder == null) {
                builder = tracer.spanBuilder().name(name).kind(Span.Kind.CLIENT).setParent(context);
            }
            builder.addLink(new Link(context));
        }
        return builder == null ? TraceSpan.NONE : new Started(tracer, builder.start());
    }

    /** The context a W3C traceparent names ({@code 00-<trace id>-<span id>-<flags>}), or null if it is not one. */
    TraceContext context(String traceparent) {
        if (!Traceparent.isWellFormed(traceparent)) {
            return null;
        }
        return tracer.traceContextBuilder()
                .traceId(Traceparent.traceId(traceparent))
                .spanId(Traceparent.spanId(traceparent))
                .sampled(Traceparent.sampled(traceparent))
                .build();
    }

    private record Started(Tracer tracer, Span span) implements TraceSpan {

        @Override
        public String traceparent() {
            TraceContext context = span.context();
            return Traceparent.of(context.traceId(), context.spanId(), Boolean.TRUE.equals(context.sampled()));
        }

        @Override
        public TraceSpan tag(String key, String value) {
            span.tag(key, value);
            return this;
        }

        @Override
        public TraceSpan tag(String key, long value) {
            span.tag(key, value);
            return this;
        }

        @Override
        public void end(Throwable failure) {
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }

        @Override
        public Scope scope() {
            Tracer.SpanInScope scope = tracer.withSpan(span);
            return scope::close;
        }
    }
}
