package no.budstikke.config;

import static org.assertj.core.api.Assertions.assertThat;


import no.budstikke.security.TrustedIssuers;
import no.budstikke.security.UnsafeSecurityConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** An external issuer is accepted only with audiences, and issuers are configured in one place. */
class TokenIssuerConfigurationTest {

    private static final String MASKINPORTEN = "budstikke.security.issuers[0].";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BudstikkeProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, TokenIssuerConfiguration.class)
            .withPropertyValues("budstikke.security.jwks-timeout=PT5S", "budstikke.security.token-cache-size=10000");

    @Test
    void aSpringIssuerWithoutAudiencesStopsTheStart() {
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.test/")
                .run(ctx -> assertRefused(ctx.getStartupFailure(), "without audiences"));
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://issuer.test/jwks")
                .run(ctx -> assertRefused(ctx.getStartupFailure(), "without audiences"));
    }

    @Test
    void aSpringIssuerWithAudiencesStarts() {
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.test/",
                "spring.security.oauth2.resourceserver.jwt.audiences=https://budstikke.test")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(TrustedIssuers.class));
    }

    @Test
    void aTrustedIssuerWithoutAudiencesStopsTheStart() {
        context.withPropertyValues(MASKINPORTEN + "name=maskinporten", MASKINPORTEN + "issuer-uri=https://mp.test/",
                        MASKINPORTEN + "jwk-set-uri=https://mp.test/jwks", MASKINPORTEN + "identity-claims=consumer")
                .run(ctx -> assertRefused(ctx.getStartupFailure(), "lists no audiences"));
    }

    @Test
    void aTrustedIssuerWithAnUnknownIdentityClaimOrAlgorithmStopsTheStart() {
        String[] base = {MASKINPORTEN + "name=maskinporten", MASKINPORTEN + "issuer-uri=https://mp.test/",
                MASKINPORTEN + "jwk-set-uri=https://mp.test/jwks", MASKINPORTEN + "audiences=https://budstikke.test"};
        context.withPropertyValues(base).withPropertyValues(MASKINPORTEN + "identity-claims=email")
                .run(ctx -> assertRefused(ctx.getStartupFailure(), "unknown identity claim 'email'"));
        context.withPropertyValues(base).withPropertyValues(MASKINPORTEN + "identity-claims=consumer",
                        MASKINPORTEN + "algorithms=none")
                .run(ctx -> assertRefused(ctx.getStartupFailure(), "unknown signature algorithm 'none'"));
        context.withPropertyValues(base).withPropertyValues(MASKINPORTEN + "identity-claims=consumer")
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(TrustedIssuers.class));
    }

    @Test
    void bothWaysOfConfiguringIssuersAtOnceStopTheStart() {
        context.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.test/",
                        "spring.security.oauth2.resourceserver.jwt.audiences=https://budstikke.test",
                        MASKINPORTEN + "issuer-uri=https://mp.test/")
                .run(ctx -> assertRefused(ctx.getStartupFailure(), "both"));
    }

    private static void assertRefused(Throwable failure, String message) {
        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof UnsafeSecurityConfiguration) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(UnsafeSecurityConfiguration.class).hasMessageContaining(message);
        assertThat(((UnsafeSecurityConfiguration) cause).action()).isNotBlank();
    }
}
