package no.budstikke.tracing;

import java.util.function.Function;

/**
 * Where the hub's own spans come from (publish, commit, dispatch, push): {@link #OFF} unless an OTLP endpoint is
 * configured, and then every call returns {@link TraceSpan#NONE} at once, so the stages pay nothing for it.
 * Trace contexts travel between the stages as W3C {@code traceparent} strings, the form they are stored and sent in.
 */
public interface Tracing {

    /** The span kinds the hub uses, as OpenTelemetry defines them. */
    enum Kind { INTERNAL, CONSUMER, PRODUCER, CLIENT }

    Tracing OFF = new Tracing() {
        @Override
        public boolean on() {
            return false;
        }

        @Override
        public TraceSpan start(String name, Kind kind, String parent) {
            return TraceSpan.NONE;
        }

        @Override
        public <T> TraceSpan startBatch(String name, Iterable<T> items, Function<T, String> parentOf) {
            return TraceSpan.NONE;
        }
    };

    boolean on();

    /**
     * Starts a span: the child of {@code parent} (a W3C traceparent) when that is given and well-formed, else of the
     * span current on this thread (an HTTP request's server span), else the first span of a new trace.
     */
    TraceSpan start(String name, Kind kind, String parent);

    /**
     * Starts the span of work done for several traces at once, as OpenTelemetry advises for batches: it links to
     * every item's context, and is the child of the first, so that a batch of one reads as one tree;
     * {@link TraceSpan#NONE} when no item carries a context.
     */
    <T> TraceSpan startBatch(String name, Iterable<T> items, Function<T, String> parentOf);
}
