package no.budstikke.subscription;

/** No subscription with that id. */
public class SubscriptionNotFoundException extends RuntimeException {

    public SubscriptionNotFoundException(String id) {
        super("No subscription " + id);
    }
}
