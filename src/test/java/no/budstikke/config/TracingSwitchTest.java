package no.budstikke.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TracingSwitchTest {

    @Test
    void tracingIsOnOnlyWhenAnOtlpEndpointIsConfigured() {
        assertThat(tracingOn(Map.of())).isNull();
        assertThat(tracingOn(Map.of("management.otlp.tracing.endpoint", ""))).isNull();
        assertThat(tracingOn(Map.of("management.otlp.tracing.endpoint", "http://127.0.0.1:4318/v1/traces"))).isEqualTo("true");
        assertThat(tracingOn(Map.of("management.otlp.tracing.endpoint", "http://127.0.0.1:4318/v1/traces",
                "budstikke.tracing.on", "false"))).as("an explicit choice wins").isEqualTo("false");
    }

    private static String tracingOn(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new ExternalServicesEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("budstikke.tracing.on");
    }
}
