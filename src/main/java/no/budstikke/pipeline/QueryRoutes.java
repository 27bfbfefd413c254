package no.budstikke.pipeline;

import java.util.concurrent.TimeUnit;

import no.budstikke.authorization.Identity;
import no.budstikke.authorization.ReadAuthorizer;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.store.EventPage;
import no.budstikke.store.EventQuery;
import no.budstikke.store.EventStore;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The consumer's pull side: one route pages through the store for a query and leaves out every event the caller
 * may not read; the doors (ingress/QueryApiRoutes) read the query and write the page.
 */
@Component
public class QueryRoutes extends RouteBuilder {

    private final EventStore store;
    private final ReadAuthorizer authorizer;
    private final HubMetrics metrics;

    public QueryRoutes(EventStore store, ReadAuthorizer authorizer, HubMetrics metrics) {
        this.store = store;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("direct:query-page")
                .routeId("query-page")
                .routeConfigurationId(RouteConfigurations.PIPELINE_STAGE)
                .process(this::page);
    }

    private void page(Exchange exchange) {
        Identity reader = exchange.getIn().getHeader(BudstikkeHeaders.CALLER, Identity.class);
        EventPage page = store.page(exchange.getIn().getBody(EventQuery.class));
        exchange.getIn().setBody(authorizer.readable(reader, page));
        long started = exchange.getIn().getHeader(BudstikkeHeaders.QUERY_STARTED, Long.class);
        metrics.queryLatency().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
