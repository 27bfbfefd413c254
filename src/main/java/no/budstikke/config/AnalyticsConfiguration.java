package no.budstikke.config;

import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.analytics.AnalyticsReports;
import no.budstikke.analytics.EventAnalytics;
import no.budstikke.authorization.PolicyAdministration;
import no.budstikke.delivery.EndpointGate;
import no.budstikke.delivery.SubscriptionHealth;
import no.budstikke.store.RefusalLog;
import no.budstikke.ingress.http.AnalyticsExchanges;
import no.budstikke.ingress.http.ConsoleController;
import no.budstikke.subscription.Subscriptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the event analytics (the rollup that follows committed events, and the reports the API reads) and the web
 * console that shows them.
 */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    @Bean
    EventAnalytics eventAnalytics(DataSource dataSource, AnalyticsProperties properties) {
        return new EventAnalytics(dataSource, properties.pageSize());
    }

    @Bean
    AnalyticsExchanges analyticsExchanges(JdbcTemplate jdbc, Subscriptions subscriptions, EndpointGate gate,
            RefusalLog refusals, PolicyAdministration policy, ObjectMapper mapper, BudstikkeProperties properties) {
        return new AnalyticsExchanges(new AnalyticsReports(jdbc), subscriptions, new SubscriptionHealth(jdbc, gate),
                refusals, policy::resources, mapper, properties.security().scopes().admin());
    }

    @Bean
    ConsoleController consoleController(ConsoleProperties console, BudstikkeProperties properties,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer) {
        var scopes = properties.security().scopes();
        return new ConsoleController(issuer, console.oidcClientId(), console.oidcScope(),
                Map.of("publish", scopes.publish(), "subscribe", scopes.subscribe(), "admin", scopes.admin()));
    }
}
