package no.budstikke.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Switches the development token issuer on when no external issuer or JWK set is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(DevIssuerConfiguration.NO_EXTERNAL_ISSUER)
public class DevIssuerConfiguration {

    static final String NO_EXTERNAL_ISSUER = "'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isEmpty() "
            + "and '${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}'.isEmpty()";

    private static final Logger LOG = LoggerFactory.getLogger(DevIssuerConfiguration.class);

    @Bean
    DevTokenIssuer devTokenIssuer(BudstikkeProperties properties) {
        LOG.warn("DEVELOPMENT TOKEN ISSUER IS ON: anyone can get a token from POST /dev/token. "
                + "Configure spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri) for production.");
        return new DevTokenIssuer(properties.security().devIssuer().tokenLifetime());
    }

    @Bean
    JwtDecoder jwtDecoder(DevTokenIssuer issuer) {
        return issuer.decoder();
    }
}
