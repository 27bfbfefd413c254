package no.budstikke.ingress;

import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.web.SubscriptionExchanges;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The subscriptions API: {@code POST/GET /events/api/v1/subscriptions} and {@code GET/DELETE …/{id}}. */
@Component
public class SubscriptionApiRoutes extends RouteBuilder {

    private final SubscriptionExchanges http;

    public SubscriptionApiRoutes(SubscriptionExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        from("servlet:/subscriptions?httpMethodRestrict=POST")
                .routeId("api-subscriptions-create")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(http::create);

        // One consumer for the collection and its members: Camel's servlet matches /subscriptions by prefix.
        from("servlet:/subscriptions?matchOnUriPrefix=true&httpMethodRestrict=GET,DELETE")
                .routeId("api-subscriptions-read")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(http::read);
    }
}
