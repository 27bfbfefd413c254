package no.budstikke.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the jobs of one broker message — an event's fan-out — each on its own: every push starts as soon as its
 * subscription's gate lets it, none waits for another subscriber's answer. The delivery thread waits for the
 * message's pushes at most {@code hold}; a push still running then is left to finish on its own (its outcome acted
 * on when it comes) and a copy of its job goes back to the broker, due after the push's timeout, so the message can
 * be acknowledged while a crash still loses nothing. The copy is dropped when it comes back if the delivery log
 * shows that attempt ended ({@link DeliveryLog#unsettled}). A job whose subscription is busy waits in memory to be
 * woken when a slot frees, within the same hold.
 */
public final class FanOutDelivery implements AutoCloseable {

    private static final int WAITING = 0;
    private static final int PUSHING = 1;
    private static final int FINISHED = 2;
    private static final int LEFT = 3;

    /** A copy of a push left running comes back this long after the push's timeout. */
    private static final Duration COPY_MARGIN = Duration.ofSeconds(5);

    private final WebhookDelivery webhooks;
    private final AmqpDelivery amqp;
    private final DeliveryOutcomes outcomes;
    private final Duration hold;
    private final ExecutorService late;
    private final AtomicInteger running = new AtomicInteger();

    /** @param late acts on the outcomes of pushes that outlived their message's hold */
    public FanOutDelivery(WebhookDelivery webhooks, AmqpDelivery amqp, DeliveryOutcomes outcomes, Duration hold,
            ExecutorService late) {
        this.webhooks = webhooks;
        this.amqp = amqp;
        this.outcomes = outcomes;
        this.hold = hold;
        this.late = late;
    }

    /**
     * Pushes the message's deliveries and records what came of each; jobs that must wait, and copies of pushes left
     * running, are added to {@code postponed} for the caller to send back before it acknowledges the message.
     */
    public void deliver(List<Delivery> deliveries, DeliveryOutcomes.Postponed postponed) throws InterruptedException {
        long deadline = System.nanoTime() + hold.toNanos();
        BlockingQueue<Job> finished = new LinkedBlockingQueue<>();
        List<Job> jobs = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            if (delivery.decided()) {
                outcomes.record(delivery, postponed);
            } else if (delivery.isAmqp()) {
                outcomes.record(amqp.deliver(delivery), postponed);
            } else {
                Job job = new Job(delivery, finished);
                jobs.add(job);
                job.tryStart();
            }
        }
        int open = jobs.size();
        while (open > 0) {
            Job job = finished.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (job == null) {
                break;
            }
            job.recorded = true;
            outcomes.record(job.result, postponed);
            open--;
        }
        if (open > 0) {
            for (Job job : jobs) {
                if (!job.recorded) {
                    job.leave(postponed);
                }
            }
        }
    }

    /** Pushes left running past their message's hold whose outcome has not come yet. */
    public int running() {
        return running.get();
    }

    @Override
    public void close() {
        late.shutdown();
    }

    /** One job of the message and where it stands; the state changes only by compare-and-set. */
    private final class Job implements EndpointGate.Waiter {

        private final Delivery delivery;
        private final BlockingQueue<Job> finished;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile Delivery result;
        private boolean recorded;

        Job(Delivery delivery, BlockingQueue<Job> finished) {
            this.delivery = delivery;
            this.finished = finished;
        }

        void tryStart() {
            Duration wait = webhooks.admit(delivery, this);
            if (wait == EndpointGate.AWAITING) {
                return;
            }
            if (wait == null) {
                if (state.compareAndSet(WAITING, PUSHING)) {
                    webhooks.push(delivery).thenAccept(this::ended);
                } else {
                    webhooks.cancel(delivery);
                }
                return;
            }
            result = delivery.with(PushOutcome.postponed(wait));
            if (state.compareAndSet(WAITING, FINISHED)) {
                finished.add(this);
            }
        }

        @Override
        public boolean wake() {
            if (state.get() != WAITING) {
                return false;
            }
            tryStart();
            return true;
        }

        private void ended(Delivery done) {
            result = done;
            if (state.compareAndSet(PUSHING, FINISHED)) {
                finished.add(this);
                return;
            }
            // Left running past its message's hold: act on the outcome here; the copy in the broker is then dropped.
            late.execute(() -> {
                try {
                    DeliveryOutcomes.Postponed after = new DeliveryOutcomes.Postponed();
                    outcomes.record(done, after);
                    outcomes.sendBack(after);
                } finally {
                    running.decrementAndGet();
                }
            });
        }

        /** Called by the delivery thread once the hold is over and this job's result was not recorded. */
        void leave(DeliveryOutcomes.Postponed postponed) {
            if (state.compareAndSet(WAITING, LEFT)) {
                postponed.add(delivery.job(), Duration.ofMillis(250 + ThreadLocalRandom.current().nextLong(250)));
                return;
            }
            if (state.get() == PUSHING) {
                running.incrementAndGet();
                if (state.compareAndSet(PUSHING, LEFT)) {
                    postponed.add(delivery.job(), delivery.target().subscription().delivery().timeout().plus(COPY_MARGIN));
                    return;
                }
                running.decrementAndGet();
            }
            // It finished in the meantime.
            recorded = true;
            outcomes.record(result, postponed);
        }
    }
}
