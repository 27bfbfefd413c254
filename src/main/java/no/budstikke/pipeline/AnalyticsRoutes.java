package no.budstikke.pipeline;

import no.budstikke.analytics.EventAnalytics;
import no.budstikke.config.AnalyticsProperties;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code analytics-rollup}: every interval, adds the events committed since its checkpoint to the analytics
 * rollups, a page at a time, until caught up. It trails ingest instead of joining it, so publishing never waits
 * for analytics.
 */
@Component
public class AnalyticsRoutes extends RouteBuilder {

    private final EventAnalytics analytics;
    private final AnalyticsProperties properties;

    public AnalyticsRoutes(EventAnalytics analytics, AnalyticsProperties properties) {
        this.analytics = analytics;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:analytics-rollup?delay=1000&period=" + properties.interval().toMillis())
                .routeId("analytics-rollup")
                .autoStartup(properties.enabled())
                .loopDoWhile(Pages.notCaughtUp())
                    .process(exchange -> exchange.getMessage().setBody(analytics.rollUpPage()))
                .end();
    }
}
