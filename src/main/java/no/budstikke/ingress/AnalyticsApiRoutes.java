package no.budstikke.ingress;

import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.web.AnalyticsExchanges;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The analytics API: {@code GET /events/api/v1/analytics/instances}, {@code …/tasks}, {@code …/relations},
 * {@code …/events} and {@code …/deliveries}.
 */
@Component
public class AnalyticsApiRoutes extends RouteBuilder {

    private final AnalyticsExchanges http;

    public AnalyticsApiRoutes(AnalyticsExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        from("servlet:/analytics?matchOnUriPrefix=true&httpMethodRestrict=GET")
                .routeId("api-analytics")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(http::handle);
    }
}
