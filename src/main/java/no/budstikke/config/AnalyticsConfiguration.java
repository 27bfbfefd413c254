package no.budstikke.config;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.budstikke.analytics.AnalyticsReports;
import no.budstikke.analytics.EventAnalytics;
import no.budstikke.authorization.PolicyAdministration;
import no.budstikke.web.AnalyticsExchanges;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the event analytics: the rollup that follows committed events, and the reports the API reads. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    @Bean
    EventAnalytics eventAnalytics(DataSource dataSource, AnalyticsProperties properties) {
        return new EventAnalytics(dataSource, properties.pageSize());
    }

    @Bean
    AnalyticsExchanges analyticsExchanges(JdbcTemplate jdbc, PolicyAdministration policy, ObjectMapper mapper,
            BudstikkeProperties properties) {
        return new AnalyticsExchanges(new AnalyticsReports(jdbc), policy::resources, mapper,
                properties.security().scopes().admin());
    }
}
