package no.budstikke.subscription;

/** No subscription with that id that the caller may see (another consumer's subscription looks the same). */
public class SubscriptionNotFoundException extends RuntimeException {

    public SubscriptionNotFoundException(String id) {
        super("No subscription " + id);
    }
}
