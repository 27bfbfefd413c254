package no.budstikke.delivery;

import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PolicyDecisionPoint;

/**
 * The authorization enricher: before every push the policy decision point is asked again whether the
 * subscription's consumer may read this event — a role revoked since subscribing stops the pushes.
 */
public final class DeliveryAuthorizer {

    private final PolicyDecisionPoint pdp;

    public DeliveryAuthorizer(PolicyDecisionPoint pdp) {
        this.pdp = pdp;
    }

    public Delivery check(Delivery delivery) {
        Identity consumer = new Identity(delivery.target().subscription().consumer());
        return pdp.mayRead(consumer, delivery.job().access()) ? delivery : delivery.with(PushOutcome.unauthorized());
    }
}
