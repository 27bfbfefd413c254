package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

class TracedPushesTest {

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
    private final Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });

    @Test
    void aPushCarriesTheTraceparentOfItsOwnExportedSpanWithinTheCurrentTrace() {
        Span parent = tracer.nextSpan().name("dispatch").start();
        AtomicReference<String> sent = new AtomicReference<>();
        try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
            new TracedPushes(tracer).around(traceparent -> {
                sent.set(traceparent);
                return CompletableFuture.completedFuture(PushOutcome.failed(500, "HTTP 500", Duration.ofMillis(3)));
            });
        } finally {
            parent.end();
        }

        SpanData push = exported.stream().filter(s -> s.getName().equals("webhook push")).findFirst().orElseThrow();
        assertThat(sent.get()).isEqualTo("00-" + push.getTraceId() + "-" + push.getSpanId() + "-01");
        assertThat(push.getTraceId()).isEqualTo(parent.context().traceId());
        assertThat(push.getParentSpanId()).isEqualTo(parent.context().spanId());
        assertThat(push.getAttributes().asMap().toString()).contains("outcome=failed");
    }

    @Test
    void withTracingOffEveryPushGetsAFreshWellFormedTraceparent() {
        AtomicReference<String> first = new AtomicReference<>();
        AtomicReference<String> second = new AtomicReference<>();
        PushTrace.RANDOM.around(traceparent -> {
            first.set(traceparent);
            return CompletableFuture.completedFuture(PushOutcome.delivered(200, Duration.ZERO));
        });
        PushTrace.RANDOM.around(traceparent -> {
            second.set(traceparent);
            return CompletableFuture.completedFuture(PushOutcome.delivered(200, Duration.ZERO));
        });
        assertThat(first.get()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isNotEqualTo(second.get());
        assertThat(exported).isEmpty();
    }
}
