package no.budstikke.config;

import no.budstikke.security.DevTokenIssuer;
import no.budstikke.security.UnsafeSecurityConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Switches the development token issuer on when no external issuer or JWK set is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(DevIssuerConfiguration.NO_EXTERNAL_ISSUER)
public class DevIssuerConfiguration {

    static final String NO_EXTERNAL_ISSUER = DevTokenIssuer.ONLY_WITHOUT_EXTERNAL_ISSUER;

    private static final Logger LOG = LoggerFactory.getLogger(DevIssuerConfiguration.class);

    @Bean
    DevTokenIssuer devTokenIssuer(BudstikkeProperties properties, Environment environment) {
        String forwarding = environment.getProperty("server.forward-headers-strategy", "none");
        if (!"none".equalsIgnoreCase(forwarding.trim())) {
            // The issuer answers by the connection's own address; honoured forwarding headers could make any
            // caller behind (or pretending to be) a proxy look like this machine.
            throw new UnsafeSecurityConfiguration("the development token issuer is on while server.forward-headers-strategy="
                    + forwarding + " lets forwarding headers change the caller's address",
                    "Configure a real token issuer (budstikke.security.issuers) for a hub behind a proxy, "
                            + "or unset server.forward-headers-strategy on a development machine.");
        }
        LOG.warn("DEVELOPMENT TOKEN ISSUER IS ON: POST /dev/token gives a token for any identity and scope to any "
                + "program on this machine (loopback connections only; others get 403). Configure "
                + "budstikke.security.issuers (or spring.security.oauth2.resourceserver.jwt.*) for production.");
        return new DevTokenIssuer(properties.security().devIssuer().tokenLifetime());
    }

    @Bean
    JwtDecoder jwtDecoder(DevTokenIssuer issuer) {
        return issuer.decoder();
    }
}
