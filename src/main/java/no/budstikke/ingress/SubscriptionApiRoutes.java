package no.budstikke.ingress;

import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.web.SubscriptionExchanges;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The subscriptions API under {@code /events/api/v1/subscriptions}: Altinn's create, list, read and delete, and
 * the hub's own delivery log, redelivery of dead letters and replay from a cursor. Each operation is one route.
 */
@Component
public class SubscriptionApiRoutes extends RouteBuilder {

    private final SubscriptionExchanges http;

    public SubscriptionApiRoutes(SubscriptionExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        // Each verb hands over to the direct: route of the operation's name; Camel inlines it, so the operation
        // runs as one route with that id.
        rest("/subscriptions")
                .post().to("direct:api-subscriptions-create")
                .get().to("direct:api-subscriptions-list")
                .get("/{id}").to("direct:api-subscription-read")
                .delete("/{id}").to("direct:api-subscription-delete")
                .get("/{id}/deliveries").to("direct:api-subscription-deliveries")
                .post("/{id}/deadletters/redeliver").to("direct:api-subscription-redeliver")
                .post("/{id}/replay").to("direct:api-subscription-replay");

        operation("api-subscriptions-create", http::create);
        operation("api-subscriptions-list", http::list);
        operation("api-subscription-read", http::read);
        operation("api-subscription-delete", http::delete);
        operation("api-subscription-deliveries", http::deliveries);
        operation("api-subscription-redeliver", http::redeliver);
        operation("api-subscription-replay", http::replay);
    }

    private void operation(String id, Processor processor) {
        from("direct:" + id)
                .routeId(id)
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(processor);
    }
}
