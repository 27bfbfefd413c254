package no.budstikke.subscription;

/** The caller may not read the events the subscription asks for. */
public class SubscribeDeniedException extends RuntimeException {

    public SubscribeDeniedException(String message) {
        super(message);
    }
}
