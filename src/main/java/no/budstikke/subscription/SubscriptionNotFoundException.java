package no.budstikke.subscription;

import no.budstikke.event.Refusal;

/** No subscription with that id. */
public class SubscriptionNotFoundException extends Refusal {

    public SubscriptionNotFoundException(String id) {
        super(404, "Not Found", "not-found", "No subscription " + id);
    }
}
