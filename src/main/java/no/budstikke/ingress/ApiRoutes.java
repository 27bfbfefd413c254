package no.budstikke.ingress;

import no.budstikke.pipeline.RouteConfigurations;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;

/** The shape every HTTP API of the hub shares: each REST DSL verb (path and method) is one named route. */
public abstract class ApiRoutes extends RouteBuilder {

    /**
     * Serves one REST DSL verb by the route named {@code id}. The verb hands over to a direct: route that Camel
     * inlines into it (camel.rest.inline-routes), so the operation runs as one route with that id and no hop.
     * Further steps may follow the one given.
     */
    protected RouteDefinition operation(RestDefinition verb, String id, Processor processor) {
        verb.to("direct:" + id);
        return from("direct:" + id)
                .routeId(id)
                .routeConfigurationId(RouteConfigurations.HTTP_PROBLEMS)
                .process(processor);
    }
}
