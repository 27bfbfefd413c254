package no.budstikke.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import no.budstikke.support.RecordedSpans;
import org.junit.jupiter.api.Test;

class MicrometerTracingTest {

    private static final String FIRST = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String SECOND = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final RecordedSpans recorded = new RecordedSpans();
    private final Tracing tracing = new MicrometerTracing(recorded.tracer());

    @Test
    void aSpanContinuesTheTraceparentItIsGivenAndHandsOnItsOwn() {
        TraceSpan span = tracing.start("event dispatch", Tracing.Kind.PRODUCER, FIRST);
        String own = span.traceparent();
        span.end();

        SpanData dispatch = recorded.named("event dispatch");
        assertThat(dispatch.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(dispatch.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(dispatch.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(own).isEqualTo(Traceparent.of(dispatch.getTraceId(), dispatch.getSpanId(), true));
    }

    @Test
    void aSpanInScopeIsTheCurrentOneSoLogLinesCarryItsIdsAndAfterwardsNoLonger() {
        TraceSpan span = tracing.start("webhook push", Tracing.Kind.CLIENT, FIRST);
        try (TraceSpan.Scope scope = span.scope()) {
            assertThat(recorded.tracer().currentSpan().context().traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(span.traceparent()).contains(recorded.tracer().currentSpan().context().spanId());
        }
        span.end();
        assertThat(recorded.tracer().currentSpan()).isNull();
        assertThat(TraceSpan.NONE.scope()).isSameAs(TraceSpan.Scope.NONE);
    }

    @Test
    void aMalformedTraceparentStartsANewTraceInsteadOfFailing() {
        for (String bad : List.of("", "garbage", "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "00-00000000000000000000000000000000-b7ad6b7169203331-01",
                "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")) {
            tracing.start("event publish", Tracing.Kind.INTERNAL, bad).end();
        }
        assertThat(recorded.spans()).hasSize(5).allSatisfy(span -> {
            assertThat(span.getParentSpanId()).isEqualTo("0000000000000000");
            assertThat(span.getTraceId()).isNotEqualTo("0af7651916cd43dd8448eb211c80319c");
        });
    }

    @Test
    void aBatchSpanIsTheChildOfItsFirstTracedItemAndLinksToEveryOne() {
        TraceSpan commit = tracing.startBatch("event commit", Arrays.asList(null, FIRST, SECOND), item -> item);
        commit.tag("budstikke.events", 3).end(new IllegalStateException("rolled back"));

        SpanData span = recorded.named("event commit");
        assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(span.getLinks()).extracting(LinkData::getSpanContext)
                .extracting(context -> context.getTraceId() + "/" + context.getSpanId())
                .containsExactly("0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331",
                        "4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7");
        assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    }

    @Test
    void aBatchWithoutAnyTraceContextHasNoSpanAndTracingOffHasNone() {
        assertThat(tracing.startBatch("event commit", Arrays.asList(null, "x"), item -> item)).isSameAs(TraceSpan.NONE);
        assertThat(Tracing.OFF.start("event publish", Tracing.Kind.INTERNAL, FIRST)).isSameAs(TraceSpan.NONE);
        assertThat(Tracing.OFF.startBatch("event commit", List.of(FIRST), item -> item)).isSameAs(TraceSpan.NONE);
        assertThat(TraceSpan.NONE.traceparent()).isNull();
        assertThat(recorded.spans()).isEmpty();
    }
}
