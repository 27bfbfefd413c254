package no.budstikke.pipeline;

import no.budstikke.store.Leases;
import no.budstikke.subscription.SubscriptionValidation;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code subscription-validation}: proves pending webhook endpoints want the events, retrying with backoff; on the
 * one node that holds the lease {@value #LEASE}, so an endpoint is not asked by every node at once.
 */
@Component
public class ValidationRoutes extends RouteBuilder {

    public static final String LEASE = "subscription-validation";

    private final SubscriptionValidation validation;
    private final Leases leases;

    public ValidationRoutes(SubscriptionValidation validation, Leases leases) {
        this.validation = validation;
        this.leases = leases;
    }

    @Override
    public void configure() {
        from("timer:subscription-validation?period=500&delay=1000")
                .routeId("subscription-validation")
                .filter(exchange -> leases.holds(LEASE))
                .process(exchange -> validation.validateDue());
    }
}
