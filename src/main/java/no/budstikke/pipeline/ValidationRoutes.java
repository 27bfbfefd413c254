package no.budstikke.pipeline;

import no.budstikke.subscription.SubscriptionValidation;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code subscription-validation}: proves pending webhook endpoints want the events, retrying with backoff. */
@Component
public class ValidationRoutes extends RouteBuilder {

    private final SubscriptionValidation validation;

    public ValidationRoutes(SubscriptionValidation validation) {
        this.validation = validation;
    }

    @Override
    public void configure() {
        from("timer:subscription-validation?period=500&delay=1000")
                .routeId("subscription-validation")
                .process(exchange -> validation.validateDue());
    }
}
