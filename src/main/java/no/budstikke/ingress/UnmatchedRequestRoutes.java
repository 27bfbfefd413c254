package no.budstikke.ingress;

import no.budstikke.pipeline.RouteConfigurations;
import no.budstikke.ingress.http.UnmatchedRequests;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Answers every request to the API that no operation serves with problem+json: 404, or 405 with Allow.
 */
@Component
public class UnmatchedRequestRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // Camel's servlet first looks for the operation whose path and verb match, and takes a prefix consumer only
        // when none does; this one's prefix is the whole API, so it never shadows an operation.
        from("servlet:/?matchOnUriPrefix=true")
                .routeId("api-unmatched")
                .routeConfigurationId(RouteConfigurations.HTTP_PROBLEMS)
                .process(UnmatchedRequests::refuse);
    }
}
