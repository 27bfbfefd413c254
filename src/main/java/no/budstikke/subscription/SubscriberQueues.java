package no.budstikke.subscription;

/**
 * The broker queues that {@code amqp:{queue}} subscriptions deliver into: a queue is opened when a subscription
 * names it, so its reader can attach at once, and released when the last subscription naming it is gone.
 */
public interface SubscriberQueues {

    String SCHEME = "amqp:";

    /** Makes sure the queue exists on the broker (durable, anycast); throws {@link SubscriberQueueUnavailableException}. */
    void open(String queue);

    /** Lets the queue go if no subscription names it any more: it is removed once drained, or after the grace. */
    void release(String queue);

    /** The queue an {@code amqp:{queue}} endpoint names, or null for any other endpoint. */
    static String of(String endPoint) {
        return endPoint != null && endPoint.startsWith(SCHEME) ? endPoint.substring(SCHEME.length()) : null;
    }
}
