package no.budstikke.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import no.budstikke.security.DevTokenController;
import no.budstikke.security.DevTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The development token issuer exists only while no real issuer (trusted issuers, issuer-uri or jwk-set-uri) is
 * configured, and never where forwarding headers could change who the caller seems to be.
 */
class DevIssuerSwitchTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(DevIssuerConfiguration.class, DevTokenController.class)
            .withBean(BudstikkeProperties.class, () -> new BudstikkeProperties(null, null, null, null, null, null,
                    new BudstikkeProperties.Security(new BudstikkeProperties.Scopes("p", "s", "a"),
                            new BudstikkeProperties.DevIssuer(Duration.ofHours(1)), null, Duration.ofSeconds(5), 10_000),
                    null, null, null, null, null, null, null));

    @Test
    void withNoIssuerConfiguredTheDevelopmentIssuerIsOn() {
        context.run(ctx -> {
            assertThat(ctx).hasSingleBean(DevTokenIssuer.class).hasSingleBean(DevTokenController.class)
                    .hasSingleBean(JwtDecoder.class);
            String token = ctx.getBean(DevTokenIssuer.class).issue("/org/skd", java.util.List.of("p"));
            assertThat(ctx.getBean(JwtDecoder.class).decode(token).getSubject()).isEqualTo("/org/skd");
        });
    }

    @Test
    void anIssuerUriSwitchesItOff() {
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.example/")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DevTokenIssuer.class).doesNotHaveBean(DevTokenController.class));
    }

    @Test
    void aJwkSetUriSwitchesItOff() {
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://issuer.example/jwks")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DevTokenIssuer.class).doesNotHaveBean(JwtDecoder.class));
    }

    @Test
    void trustedIssuersSwitchItOff() {
        context.withPropertyValues("budstikke.security.issuers[0].issuer-uri=https://maskinporten.test/")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(DevTokenIssuer.class).doesNotHaveBean(DevTokenController.class));
    }

    @Test
    void itRefusesToStartWhenForwardingHeadersAreHonoured() {
        for (String strategy : new String[] {"native", "framework"}) {
            context.withPropertyValues("server.forward-headers-strategy=" + strategy).run(ctx -> assertThat(ctx)
                    .hasFailed().getFailure().rootCause()
                    .isInstanceOf(no.budstikke.security.UnsafeSecurityConfiguration.class)
                    .hasMessageContaining("server.forward-headers-strategy=" + strategy));
        }
    }
}
