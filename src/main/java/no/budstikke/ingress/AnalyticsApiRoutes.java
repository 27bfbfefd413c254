package no.budstikke.ingress;

import no.budstikke.ingress.http.AnalyticsExchanges;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The analytics API under {@code /events/api/v1/analytics}: the reports on instances, tasks, relations, events and
 * deliveries, and the health of one subscription. Each operation is one route.
 */
@Component
public class AnalyticsApiRoutes extends ApiRoutes {

    private final AnalyticsExchanges http;

    public AnalyticsApiRoutes(AnalyticsExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        RestDefinition analytics = rest("/analytics");
        operation(analytics.get("/instances"), "api-analytics-instances", http.report("instances"));
        operation(analytics.get("/tasks"), "api-analytics-tasks", http.report("tasks"));
        operation(analytics.get("/relations"), "api-analytics-relations", http.report("relations"));
        operation(analytics.get("/events"), "api-analytics-events", http.report("events"));
        operation(analytics.get("/deliveries"), "api-analytics-deliveries", http.report("deliveries"));
        operation(analytics.get("/subscriptions/{id}"), "api-analytics-subscription", http::subscriptionHealth);
    }
}
