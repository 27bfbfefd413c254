package no.budstikke.subscription;

/** The broker could not create a subscriber's queue just now; the subscription itself is stored. */
public class SubscriberQueueUnavailableException extends RuntimeException {

    public SubscriberQueueUnavailableException(String queue, Throwable cause) {
        super("The queue " + queue + " could not be created on the broker", cause);
    }
}
