package no.budstikke.pipeline;

import java.util.concurrent.TimeUnit;

import no.budstikke.authorization.Identity;
import no.budstikke.authorization.ReadAuthorizer;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.store.EventPage;
import no.budstikke.store.EventQuery;
import no.budstikke.store.EventStore;
import no.budstikke.web.BudstikkeHeaders;
import no.budstikke.web.QueryRequests;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The consumer's pull side: each query view reads its parameters, then one shared route pages through the
 * store and leaves out every event the caller may not read.
 */
@Component
public class QueryRoutes extends RouteBuilder {

    private final QueryRequests queries;
    private final EventStore store;
    private final ReadAuthorizer authorizer;
    private final HubMetrics metrics;

    public QueryRoutes(QueryRequests queries, EventStore store, ReadAuthorizer authorizer, HubMetrics metrics) {
        this.queries = queries;
        this.store = store;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("servlet:/events?httpMethodRestrict=GET")
                .routeId("query-events")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(queries::readEventsQuery)
                .to("direct:query-page");

        // Altinn's app views; the paths differ in length, so /app/party never reads as an app called "party".
        rest("/app")
                .get("/party").to("direct:query-app-party")
                .get("/{org}/{app}").to("direct:query-app");

        from("direct:query-app-party")
                .routeId("query-app-party")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(queries::readPartyQuery)
                .to("direct:query-page");

        from("direct:query-app")
                .routeId("query-app")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(queries::readAppQuery)
                .to("direct:query-page");

        from("direct:query-page")
                .routeId("query-page")
                .routeConfigurationId(RouteErrorConfiguration.PIPELINE_STAGE)
                .process(this::page)
                .process(queries::writePage);
    }

    private void page(Exchange exchange) {
        Identity reader = exchange.getIn().getHeader(BudstikkeHeaders.CALLER, Identity.class);
        EventPage page = store.page(exchange.getIn().getBody(EventQuery.class));
        exchange.getIn().setBody(authorizer.readable(reader, page));
        long started = exchange.getIn().getHeader(BudstikkeHeaders.QUERY_STARTED, Long.class);
        metrics.queryLatency().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
