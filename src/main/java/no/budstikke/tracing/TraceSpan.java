package no.budstikke.tracing;

/** One of the hub's spans, started by {@link Tracing}; {@link #NONE} while tracing is off. */
public interface TraceSpan {

    TraceSpan NONE = Nothing.TRACED;

    /** The span's context as a W3C traceparent, for a child elsewhere (a stored event, a message, a request). */
    String traceparent();

    TraceSpan tag(String key, String value);

    TraceSpan tag(String key, long value);

    /** Ends the span: failed when {@code failure} is not null. */
    void end(Throwable failure);

    default void end() {
        end(null);
    }

    /** Makes the span the current one on this thread until closed, so log lines written meanwhile carry its ids. */
    Scope scope();

    /** A span's time as the current one; closing it restores what was current before. */
    interface Scope extends AutoCloseable {

        Scope NONE = () -> { };

        @Override
        void close();
    }

    /** Tracing off: the span that records nothing and has no context to hand on. */
    enum Nothing implements TraceSpan {
        TRACED;

        @Override
        public String traceparent() {
            return null;
        }

        @Override
        public TraceSpan tag(String key, String value) {
            return this;
        }

        @Override
        public TraceSpan tag(String key, long value) {
            return this;
        }

        @Override
        public void end(Throwable failure) {
            // Nothing was started.
        }

        @Override
        public Scope scope() {
            return Scope.NONE;
        }
    }
}
