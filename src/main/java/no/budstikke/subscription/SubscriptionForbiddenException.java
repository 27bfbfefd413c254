package no.budstikke.subscription;

import no.budstikke.event.Refusal;

/** A caller asked for a subscription that exists but is another consumer's. */
public class SubscriptionForbiddenException extends Refusal {

    public SubscriptionForbiddenException(String message) {
        super(403, "Forbidden", "forbidden", message);
    }
}
