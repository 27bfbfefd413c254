package no.budstikke.ingress;

import no.budstikke.ingress.http.SubscriptionExchanges;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The subscriptions API under {@code /events/api/v1/subscriptions}: Altinn's create, list, read and delete, and
 * the hub's own delivery log, redelivery of dead letters and replay from a cursor. Each operation is one route.
 */
@Component
public class SubscriptionApiRoutes extends ApiRoutes {

    private final SubscriptionExchanges http;

    public SubscriptionApiRoutes(SubscriptionExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        RestDefinition subscriptions = rest("/subscriptions");
        operation(subscriptions.post(), "api-subscriptions-create", http::create);
        operation(subscriptions.get(), "api-subscriptions-list", http::list);
        operation(subscriptions.get("/{id}"), "api-subscription-read", http::read);
        operation(subscriptions.delete("/{id}"), "api-subscription-delete", http::delete);
        operation(subscriptions.get("/{id}/deliveries"), "api-subscription-deliveries", http::deliveries);
        operation(subscriptions.post("/{id}/deadletters/redeliver"), "api-subscription-redeliver", http::redeliver);
        operation(subscriptions.post("/{id}/replay"), "api-subscription-replay", http::replay);
    }
}
