package no.budstikke.config;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Switches the embedded broker off when an external one is configured: Spring Boot would otherwise keep
 * starting the embedded Artemis even with {@code spring.artemis.broker-url} set — the native mode only points the
 * connection factory elsewhere, the embedded server starts unless {@code spring.artemis.embedded.enabled} is false
 * (nodes sharing a data directory then wait forever for its journal lock). And switches tracing on
 * ({@code budstikke.tracing.on}, read by application.yaml) only when an OTLP endpoint is configured, so that
 * without one no request pays for observations.
 */
public class ExternalServicesEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean externalBroker = StringUtils.hasText(environment.getProperty("spring.artemis.broker-url"));
        if (externalBroker && !StringUtils.hasText(environment.getProperty("spring.artemis.mode"))) {
            environment.getPropertySources().addLast(new MapPropertySource("budstikke-external-broker",
                    Map.of("spring.artemis.mode", "native", "spring.artemis.embedded.enabled", "false")));
        }
        if (StringUtils.hasText(environment.getProperty("management.otlp.tracing.endpoint"))
                && !environment.containsProperty("budstikke.tracing.on")) {
            environment.getPropertySources().addLast(
                    new MapPropertySource("budstikke-tracing", Map.of("budstikke.tracing.on", "true")));
        }
    }
}
