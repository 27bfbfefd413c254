package no.budstikke.pipeline;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;

import no.budstikke.analytics.EventAnalytics;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code analytics-rollup}: every interval, adds the events committed since its checkpoint to the analytics
 * rollups, a page at a time, until caught up. It trails ingest instead of joining it, so publishing never waits
 * for analytics. {@code analytics-upkeep}: every {@code upkeepEvery}, as the event store's retention runs, the
 * per-instance detail follows the events out (on every node, whether or not it rolls up).
 */
public class AnalyticsRoutes extends RouteBuilder {

    private final EventAnalytics analytics;
    private final boolean enabled;
    private final Duration interval;
    private final Period retention;
    private final Duration upkeepDelay;
    private final Duration upkeepEvery;

    public AnalyticsRoutes(EventAnalytics analytics, boolean enabled, Duration interval, Period retention,
            Duration upkeepDelay, Duration upkeepEvery) {
        this.analytics = analytics;
        this.enabled = enabled;
        this.interval = interval;
        this.retention = retention;
        this.upkeepDelay = upkeepDelay;
        this.upkeepEvery = upkeepEvery;
    }

    @Override
    public void configure() {
        from("timer:analytics-rollup?delay=1000&period=" + interval.toMillis())
                .routeId("analytics-rollup")
                .autoStartup(enabled)
                .loopDoWhile(Pages.notCaughtUp())
                    .process(exchange -> exchange.getMessage().setBody(analytics.rollUpPage()))
                .end();
        from("timer:analytics-upkeep?delay=" + upkeepDelay.toMillis() + "&period=" + upkeepEvery.toMillis())
                .routeId("analytics-upkeep")
                .process(exchange -> analytics.forgetBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(retention)));
    }
}
