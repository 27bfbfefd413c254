package no.budstikke.delivery;

import java.time.Duration;

/** Delivers to {@code amqp:{queue}} endpoints: the event goes onto that queue of the hub's broker. */
public final class AmqpDelivery {

    private final DeliveryQueue queue;

    public AmqpDelivery(DeliveryQueue queue) {
        this.queue = queue;
    }

    public Delivery deliver(Delivery delivery) {
        long started = System.nanoTime();
        try {
            queue.publish(delivery.target().queue(), delivery.job());
            return delivery.with(PushOutcome.delivered(0, Duration.ofNanos(System.nanoTime() - started)));
        } catch (RuntimeException e) {
            return delivery.with(PushOutcome.failed(0, "broker refused the message: " + e.getClass().getSimpleName(),
                    Duration.ofNanos(System.nanoTime() - started)));
        }
    }
}
