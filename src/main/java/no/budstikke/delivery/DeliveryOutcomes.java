package no.budstikke.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Acts on what an attempt came to, by the subscription's retry schedule ({@link RetryPlan}): a failed job goes
 * back to the queue to wait for its next attempt, a hopeless one is dead-lettered, a {@code 410} disables the
 * subscription, and a postponed one simply waits again. Every attempt is written to the delivery log.
 */
public final class DeliveryOutcomes {

    private final DeliveryQueue queue;
    private final WaitingSender waiting;
    private final DeliveryLog log;
    private final DeliveryMetrics metrics;
    private final Consumer<UUID> disable;

    public DeliveryOutcomes(DeliveryQueue queue, WaitingSender waiting, DeliveryLog log, DeliveryMetrics metrics,
            Consumer<UUID> disable) {
        this.queue = queue;
        this.waiting = waiting;
        this.log = log;
        this.metrics = metrics;
        this.disable = disable;
    }

    /**
     * Jobs of one message put back to wait (their subscription was busy or paused), sent back together once the
     * message is done, with those of other messages ({@link WaitingSender}).
     */
    public static final class Postponed {

        private final List<DeliveryJob> jobs = new ArrayList<>();
        private final List<Duration> delays = new ArrayList<>();

        synchronized void add(DeliveryJob job, Duration delay) {
            jobs.add(job);
            delays.add(delay);
        }
    }

    public void record(Delivery delivery, Postponed postponed) {
        record(delivery, postponed, null);
    }

    /** Acts on the outcome; {@code logged} runs once the attempt is in the delivery log (at once if nothing is logged). */
    public void record(Delivery delivery, Postponed postponed, Runnable logged) {
        DeliveryJob job = delivery.job();
        PushOutcome outcome = delivery.outcome();
        int attempt = job.attempt() + 1;
        RetryPlan.Next next = RetryPlan.after(outcome, attempt, delivery.target().subscription().delivery().retrySchedule());
        switch (next.step()) {
            case WAIT -> {
                postponed.add(job, next.delay());
                if (logged != null) {
                    logged.run();
                }
            }
            case DONE -> {
                boolean delivered = outcome.kind() == PushOutcome.Kind.DELIVERED;
                String state = delivered ? "delivered" : "unauthorized";
                write(job, attempt, state, outcome, state, logged);
                if (delivered) {
                    metrics.delivered(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - job.registeredAtMillis())));
                }
            }
            case RETRY -> {
                queue.enqueueLater(job.afterAttempt(), next.delay());
                write(job, attempt, "failed", outcome, "queued", logged);
            }
            case DEAD -> write(job, attempt, "dead", outcome, "dead", logged);
            case DISABLE -> {
                write(job, attempt, "failed", outcome, "cancelled", logged);
                disable.accept(job.subscriptionId());
            }
        }
    }

    /** Sends the postponed jobs back to wait, together with those of the other delivery threads. */
    public void sendBack(Postponed postponed) {
        List<DeliveryJob> jobs;
        List<Duration> delays;
        synchronized (postponed) {
            jobs = List.copyOf(postponed.jobs);
            delays = List.copyOf(postponed.delays);
        }
        waiting.send(jobs, delays);
    }

    private void write(DeliveryJob job, int attempt, String result, PushOutcome outcome, String jobStatus,
            Runnable logged) {
        metrics.attempt(result);
        log.record(new DeliveryAttempt(job.subscriptionId(), job.eventSeq(), job.eventId(), attempt, Instant.now(), result,
                outcome.status() == 0 ? null : outcome.status(),
                outcome.latency() == null ? null : (int) outcome.latency().toMillis(), outcome.error(), jobStatus), logged);
    }
}
