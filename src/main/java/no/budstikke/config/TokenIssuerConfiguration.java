package no.budstikke.config;


import no.budstikke.security.TrustedIssuers;
import no.budstikke.security.UnsafeSecurityConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Which external issuers' tokens the hub accepts: several trusted issuers ({@code budstikke.security.issuers}), or
 * Spring Boot's single one ({@code spring.security.oauth2.resourceserver.jwt.*}) — never without audiences.
 */
@Configuration(proxyBeanMethods = false)
public class TokenIssuerConfiguration {

    static final String TRUSTED_ISSUERS = "!'${budstikke.security.issuers[0].issuer-uri:}'.isEmpty()";

    private static final String SPRING_JWT = "spring.security.oauth2.resourceserver.jwt.";

    public TokenIssuerConfiguration(Environment environment) {
        boolean springIssuer = StringUtils.hasText(environment.getProperty(SPRING_JWT + "issuer-uri"))
                || StringUtils.hasText(environment.getProperty(SPRING_JWT + "jwk-set-uri"));
        boolean trustedIssuers = StringUtils.hasText(environment.getProperty("budstikke.security.issuers[0].issuer-uri"));
        if (springIssuer && trustedIssuers) {
            throw new UnsafeSecurityConfiguration("both " + SPRING_JWT + "* and budstikke.security.issuers are set",
                    "Configure the issuers in one place: list every issuer under budstikke.security.issuers.");
        }
        if (springIssuer && !StringUtils.hasText(environment.getProperty(SPRING_JWT + "audiences"))
                && !StringUtils.hasText(environment.getProperty(SPRING_JWT + "audiences[0]"))) {
            throw new UnsafeSecurityConfiguration("an external issuer is configured without audiences: tokens it "
                    + "minted for any other service would be accepted by this hub",
                    "Set " + SPRING_JWT + "audiences to the audience value(s) the issuer puts in 'aud' for this hub.");
        }
    }

    @Bean
    @ConditionalOnExpression(TRUSTED_ISSUERS)
    TrustedIssuers trustedIssuers(BudstikkeProperties properties) {
        var security = properties.security();
        return new TrustedIssuers(security.issuers(), security.jwksTimeout(), security.tokenCacheSize());
    }
}
