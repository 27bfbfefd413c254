package no.budstikke.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import no.budstikke.authorization.XacmlPolicyDecisionPoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts an external XACML policy decision point behind every enforcement point when
 * {@code budstikke.authorization.engine=xacml}, as the engine behind the decision cache; the built-in one in
 * {@link AuthorizationConfiguration} then only keeps the admin API's policy.
 * Its failed requests are counted in {@code budstikke_pdp_failures_total}, by reason.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "budstikke.authorization.engine", havingValue = "xacml")
public class ExternalPdpConfiguration {

    static final String FAILURES = "budstikke.pdp.failures";

    @Bean(destroyMethod = "close")
    XacmlPolicyDecisionPoint policyEngine(BudstikkeProperties properties, MeterRegistry registry) {
        BudstikkeProperties.Xacml xacml = properties.authorization().xacml();
        // an empty url: in application.yaml binds to an empty, relative URI rather than to null
        if (xacml == null || xacml.url() == null || !xacml.url().isAbsolute() || xacml.timeout() == null
                || xacml.connectTimeout() == null) {
            throw new IllegalStateException("budstikke.authorization.engine=xacml needs"
                    + " budstikke.authorization.xacml.url, .timeout and .connect-timeout");
        }
        // No token yet: Altinn's endpoint wants a platform access token, which needs a token client of its own.
        return new XacmlPolicyDecisionPoint(xacml.url(), xacml.connectTimeout(), xacml.timeout(),
                xacml.subscriptionKey(), null, Math.max(1, xacml.maxConnections()), xacml.maxAnswerBytes(),
                reason -> Counter.builder(FAILURES)
                        .description("Failed requests to the external PDP (all their questions denied), by reason")
                        .tag("reason", reason)
                        .register(registry)
                        .increment());
    }
}
