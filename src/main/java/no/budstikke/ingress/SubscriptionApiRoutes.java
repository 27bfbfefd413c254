package no.budstikke.ingress;

import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.web.SubscriptionExchanges;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The subscriptions API: {@code POST/GET /events/api/v1/subscriptions}, {@code GET/DELETE …/{id}}, and per
 * subscription {@code GET …/deliveries}, {@code POST …/deadletters/redeliver} and {@code POST …/replay}.
 */
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

        // One consumer for the collection and everything below it: Camel's servlet matches /subscriptions by prefix.
        from("servlet:/subscriptions?matchOnUriPrefix=true&httpMethodRestrict=GET,DELETE,POST")
                .routeId("api-subscriptions-read")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(http::read);
    }
}
