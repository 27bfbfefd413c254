package no.budstikke.ingress;

import no.budstikke.ingress.http.QueryRequests;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The consumer's pull side over HTTP: {@code GET /events/api/v1/events} and Altinn's app views
 * {@code GET …/app/party} and {@code GET …/app/{org}/{app}}. Each reads its parameters into a query, pages
 * through {@code query-page} and writes the page with its next link.
 */
@Component
public class QueryApiRoutes extends ApiRoutes {

    private final QueryRequests queries;

    public QueryApiRoutes(QueryRequests queries) {
        this.queries = queries;
    }

    @Override
    public void configure() {
        // Each view only reads its own parameters; paging and the read authorization are the same for all.
        operation(rest("/events").get(), "query-events", queries::readEventsQuery)
                .to("direct:query-page").process(queries::writePage);
        // The paths differ in length, so /app/party never reads as an app called "party".
        RestDefinition app = rest("/app");
        operation(app.get("/party"), "query-app-party", queries::readPartyQuery)
                .to("direct:query-page").process(queries::writePage);
        operation(app.get("/{org}/{app}"), "query-app", queries::readAppQuery)
                .to("direct:query-page").process(queries::writePage);
    }
}
