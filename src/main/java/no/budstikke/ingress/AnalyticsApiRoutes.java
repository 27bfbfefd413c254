package no.budstikke.ingress;

import no.budstikke.ingress.http.AnalyticsExchanges;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The analytics API under {@code /events/api/v1/analytics}: the reports on instances, tasks, relations, events,
 * deliveries and refused publishes, and the health of the caller's subscriptions (a page of them, or one). Each operation is one route.
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
        operation(analytics.get("/refusals"), "api-analytics-refusals", http.report("refusals"));
        operation(analytics.get("/subscriptions"), "api-analytics-subscriptions", http::subscriptionHealths);
        operation(analytics.get("/subscriptions/{id}"), "api-analytics-subscription", http::subscriptionHealth);
    }
}
