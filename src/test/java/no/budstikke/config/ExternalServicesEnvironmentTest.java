package no.budstikke.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ExternalServicesEnvironmentTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new ExternalServicesEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void anExternalBrokerUrlSwitchesTheEmbeddedBrokerOff() {
        StandardEnvironment external = environment(Map.of("spring.artemis.broker-url", "tcp://artemis:61616"));
        assertThat(external.getProperty("spring.artemis.mode")).isEqualTo("native");
        assertThat(external.getProperty("spring.artemis.embedded.enabled")).isEqualTo("false");
    }

    @Test
    void withoutABrokerUrlTheEmbeddedBrokerStays() {
        assertThat(environment(Map.of()).getProperty("spring.artemis.mode")).isNull();
        assertThat(environment(Map.of()).getProperty("spring.artemis.embedded.enabled")).isNull();
    }

    @Test
    void anExplicitModeIsRespected() {
        assertThat(environment(Map.of("spring.artemis.broker-url", "tcp://a:1", "spring.artemis.mode", "embedded"))
                .getProperty("spring.artemis.mode")).isEqualTo("embedded");
    }
}
