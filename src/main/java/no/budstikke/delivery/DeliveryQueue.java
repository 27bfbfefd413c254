package no.budstikke.delivery;

import java.time.Duration;
import java.util.List;

/** The durable queue delivery jobs travel through (Artemis), and the queues of {@code amqp:} subscribers. */
public interface DeliveryQueue {

    /** Queues the jobs durably, all or none; throws if the broker did not take them. */
    void enqueue(List<DeliveryJob> jobs);

    /**
     * Queues a dispatched page's jobs like {@link #enqueue}, marked so that the broker drops them if it has taken
     * them before: a page dispatched again after a crash between the broker's commit and the database's.
     */
    default void enqueueOnce(List<DeliveryJob> jobs) {
        enqueue(jobs);
    }

    /** Queues one job to be taken no sooner than after the delay (a retry, or a wait for a busy endpoint). */
    default void enqueueLater(DeliveryJob job, Duration delay) {
        enqueueLater(List.of(job), delay);
    }

    /** Queues jobs together, to be taken no sooner than after the delay. */
    default void enqueueLater(List<DeliveryJob> jobs, Duration delay) {
        enqueueLater(List.of(new Later(jobs, delay)));
    }

    /**
     * Queues several groups of waiting jobs, each with its own delay, all or none; the jobs may belong to many
     * events. Throws if the broker did not take them.
     */
    void enqueueLater(List<Later> groups);

    /** Jobs that wait the same time. */
    record Later(List<DeliveryJob> jobs, Duration delay) {
    }

    /** Puts the event on a subscriber's own queue in the CloudEvents AMQP binding (structured mode). */
    void publish(String queue, DeliveryJob job);
}
