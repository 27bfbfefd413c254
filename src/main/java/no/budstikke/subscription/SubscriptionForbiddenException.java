package no.budstikke.subscription;

/** A caller asked for a subscription that exists but is another consumer's. */
public class SubscriptionForbiddenException extends RuntimeException {

    public SubscriptionForbiddenException(String message) {
        super(message);
    }
}
