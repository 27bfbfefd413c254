package no.budstikke.pipeline;

import java.time.Duration;

import no.budstikke.delivery.SubscriptionValidation;
import no.budstikke.store.Leases;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code subscription-validation}: proves pending webhook endpoints want the events, retrying with backoff; on the
 * one node that holds the lease {@value #LEASE}, so an endpoint is not asked by every node at once.
 */
public class ValidationRoutes extends RouteBuilder {

    public static final String LEASE = "subscription-validation";

    private final SubscriptionValidation validation;
    private final Leases leases;
    private final Duration period;

    public ValidationRoutes(SubscriptionValidation validation, Leases leases, Duration period) {
        this.validation = validation;
        this.leases = leases;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:subscription-validation?delay=1000&period=" + period.toMillis())
                .routeId("subscription-validation")
                .filter(exchange -> leases.holds(LEASE))
                .process(exchange -> validation.validateDue());
    }
}
