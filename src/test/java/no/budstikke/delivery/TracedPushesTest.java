package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import no.budstikke.support.RecordedSpans;
import no.budstikke.tracing.MicrometerTracing;
import org.junit.jupiter.api.Test;

class TracedPushesTest {

    private final RecordedSpans recorded = new RecordedSpans();
    private final TracedPushes pushes = new TracedPushes(new MicrometerTracing(recorded.tracer()));

    @Test
    void aPushCarriesTheTraceparentOfItsOwnExportedSpanAChildOfItsDeliverysContext() {
        String delivery = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String sent = push(delivery, PushOutcome.failed(500, "HTTP 500", Duration.ofMillis(3)));

        SpanData push = recorded.named("webhook push");
        assertThat(sent).isEqualTo("00-" + push.getTraceId() + "-" + push.getSpanId() + "-01");
        assertThat(push.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(push.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(push.getAttributes().asMap().toString()).contains("outcome=failed", "status_code=500");
    }

    @Test
    void aRetryOfTheSameDeliveryIsAnotherPushSpanInTheSameTrace() {
        String delivery = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String first = push(delivery, PushOutcome.failed(503, "HTTP 503", Duration.ofMillis(3)));
        String retry = push(delivery, PushOutcome.delivered(200, Duration.ofMillis(3)));

        assertThat(retry).isNotEqualTo(first).contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(recorded.spans()).hasSize(2)
                .allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7"));
    }

    @Test
    void aPushOfADeliveryWithoutContextContinuesTheCurrentSpanOrStartsATrace() {
        Tracer tracer = recorded.tracer();
        Span current = tracer.nextSpan().name("replay request").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(current)) {
            push(null, PushOutcome.delivered(200, Duration.ZERO));
        } finally {
            current.end();
        }
        String alone = push(null, PushOutcome.delivered(200, Duration.ZERO));

        assertThat(recorded.named("webhook push").getParentSpanId()).isEqualTo(current.context().spanId());
        assertThat(alone).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(current.context().traceId());
    }

    @Test
    void withTracingOffEveryPushGetsAFreshWellFormedTraceparentWhateverItsDeliveryCarries() {
        AtomicReference<String> first = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        String delivery = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        PushTrace.RANDOM.around(delivery, traceparent -> {
            first.set(traceparent);
            return CompletableFuture.completedFuture(PushOutcome.delivered(200, Duration.ZERO));
        });
        PushTrace.RANDOM.around(null, traceparent -> {
            second.set(traceparent);
            return CompletableFuture.completedFuture(PushOutcome.delivered(200, Duration.ZERO));
        });
        assertThat(first.get()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo(second.get())
                .doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(recorded.spans()).isEmpty();
    }

    private String push(String delivery, PushOutcome outcome) {
        AtomicReference<String> sent = new AtomicReference<>();
        pushes.around(delivery, traceparent -> {
            sent.set(traceparent);
            return CompletableFuture.completedFuture(outcome);
        });
        return sent.get();
    }
}
