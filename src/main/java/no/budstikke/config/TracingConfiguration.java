package no.budstikke.config;

import io.micrometer.tracing.Tracer;
import no.budstikke.tracing.MicrometerTracing;
import no.budstikke.tracing.Tracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the hub's {@link Tracing}: Micrometer's tracer while {@code budstikke.tracing.on}, else {@link Tracing#OFF}. */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean
    Tracing tracing(ObjectProvider<Tracer> tracer, @Value("${budstikke.tracing.on:false}") boolean on) {
        // Spring Boot builds a recording Tracer even with management.tracing.enabled=false (seen in a profile: a span
        // per push, 5 % of the hub's CPU at fan-out), so the switch is budstikke.tracing.on, not the bean's presence.
        Tracer available = on ? tracer.getIfAvailable() : null;
        return available == null ? Tracing.OFF : new MicrometerTracing(available);
    }
}
