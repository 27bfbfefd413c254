package no.budstikke.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers the jobs of one broker message — an event's fan-out — each on its own: every push starts as soon as its
 * subscription's gate lets it, none waits for another subscriber's answer; a job whose subscription is busy waits in
 * memory and is woken the moment a slot frees. The delivery thread waits for the message's jobs at most
 * {@code hold}. A job not over by then goes on by itself — a push running finishes, a job waiting is still woken,
 * and its outcome is acted on when it comes — while a copy of it goes back to the broker, due after the push's
 * timeout, so the message can be acknowledged and a crash still loses nothing. A copy that comes back while its job
 * is still under way here waits again; otherwise it is dropped if the delivery log shows the attempt ended
 * ({@link DeliveryLog#unsettled}).
 */
public final class FanOutDelivery implements AutoCloseable {

    private static final int WAITING = 0;
    private static final int PUSHING = 1;
    private static final int FINISHED = 2;
    private static final int LEFT_WAITING = 3;
    private static final int LEFT_PUSHING = 4;
    private static final int LEFT_DONE = 5;

    private final WebhookDelivery webhooks;
    private final PushPermits permits;
    private final AmqpDelivery amqp;
    private final DeliveryOutcomes outcomes;
    private final Duration hold;
    private final int maxLeftWaiting;
    private final Duration copyMargin;
    private final ExecutorService late;
    /** Jobs left to go on by themselves, by {@link #key}: their copies in the broker must not overtake them. */
    private final ConcurrentHashMap<String, Boolean> left = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger leftWaiting = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param maxLeftWaiting jobs that may wait in memory past their message's hold; beyond, they wait in the broker
     * @param copyMargin     how long after the push's timeout the copy of a job left to go on by itself comes back
     */
    public FanOutDelivery(WebhookDelivery webhooks, PushPermits permits, AmqpDelivery amqp, DeliveryOutcomes outcomes,
            Duration hold, int maxLeftWaiting, Duration copyMargin) {
        this.webhooks = webhooks;
        this.permits = permits;
        this.amqp = amqp;
        this.outcomes = outcomes;
        this.hold = hold;
        this.maxLeftWaiting = maxLeftWaiting;
        this.copyMargin = copyMargin;
        this.late = lateOutcomes();
    }

    /**
     * Pushes the message's deliveries and records what came of each; jobs that must wait in the broker, and copies
     * of jobs left to go on, are added to {@code postponed} for the caller to send back before it acknowledges.
     */
    public void deliver(List<Delivery> deliveries, DeliveryOutcomes.Postponed postponed) throws InterruptedException {
        long deadline = System.nanoTime() + hold.toNanos();
        BlockingQueue<Job> finished = new LinkedBlockingQueue<>();
        List<Job> jobs = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            if (delivery.decided()) {
                outcomes.record(delivery, postponed);
            } else if (left.containsKey(key(delivery.job()))) {
                // The copy of a job still under way here: it waits once more.
                postponed.add(delivery.job(), copyDelay(delivery));
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
            outcomes.record(job.result, postponed, job.settled());
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

    /** Pushes left running past their message's hold whose outcome has not been acted on yet. */
    public int running() {
        return running.get();
    }

    /** Jobs waiting in memory for a slot past their message's hold. */
    public int waiting() {
        return leftWaiting.get();
    }

    /**
     * Waits until the pushes left running have ended and their outcomes are acted on, at most {@code patience};
     * true if none is left. Whatever is still under way after it needs nothing more: its copy waits in the broker.
     */
    public boolean drain(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return running.get() == 0;
    }

    /** From now on jobs left to go on are dropped and their outcomes ignored: their copies in the broker stand for them. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        late.shutdown();
        late.awaitTermination(2, TimeUnit.SECONDS);
    }

    private static String key(DeliveryJob job) {
        return job.webhookId() + "#" + job.attempt();
    }

    private Duration copyDelay(Delivery delivery) {
        return delivery.target().subscription().delivery().timeout().plus(copyMargin);
    }

    /** Acts on the outcomes of jobs that went on past their message's hold (recording them is quick: two do). */
    private static ExecutorService lateOutcomes() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "budstikke-late-outcome-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One job of the message and where it stands; the state changes only by compare-and-set. */
    private final class Job implements EndpointGate.Waiter {

        private final Delivery delivery;
        private final BlockingQueue<Job> finished;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private volatile Delivery result;
        private volatile boolean permitted;
        private boolean recorded;

        Job(Delivery delivery, BlockingQueue<Job> finished) {
            this.delivery = delivery;
            this.finished = finished;
        }

        void tryStart() {
            int was = state.get();
            if (closed && was == LEFT_WAITING) {
                if (state.compareAndSet(LEFT_WAITING, LEFT_DONE)) {
                    forget(true);
                }
                return;
            }
            Duration wait = webhooks.admit(delivery, this);
            if (wait == EndpointGate.AWAITING) {
                return;
            }
            if (wait == null) {
                if (!permits.acquireOrAwait(this)) {
                    // Too many pushes unsettled on this node: woken when one settles.
                    webhooks.cancel(delivery);
                    return;
                }
                permitted = true;
                if (state.compareAndSet(WAITING, PUSHING)) {
                    webhooks.push(delivery).thenAccept(this::ended);
                } else if (state.compareAndSet(LEFT_WAITING, LEFT_PUSHING)) {
                    leftWaiting.decrementAndGet();
                    running.incrementAndGet();
                    webhooks.push(delivery).thenAccept(this::ended);
                } else {
                    permitted = false;
                    permits.release();
                    webhooks.cancel(delivery);
                }
                return;
            }
            if (state.compareAndSet(LEFT_WAITING, LEFT_DONE)) {
                // Its copy already waits in the broker, at least as long as the gate asks.
                forget(true);
                return;
            }
            result = delivery.with(PushOutcome.postponed(wait));
            if (state.compareAndSet(WAITING, FINISHED)) {
                finished.add(this);
            }
        }

        @Override
        public boolean wake() {
            int now = state.get();
            if (now != WAITING && now != LEFT_WAITING) {
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
            state.set(LEFT_DONE);
            if (closed) {
                forget(false);
                settled().run();
                return;
            }
            late.execute(() -> {
                try {
                    DeliveryOutcomes.Postponed after = new DeliveryOutcomes.Postponed();
                    outcomes.record(done, after, settled());
                    outcomes.sendBack(after);
                } finally {
                    forget(false);
                }
            });
        }

        /** What runs once the outcome is in the delivery log: the push no longer counts as unsettled. */
        Runnable settled() {
            return permitted ? permits::release : null;
        }

        private void forget(boolean wasWaiting) {
            left.remove(key(delivery.job()));
            (wasWaiting ? leftWaiting : running).decrementAndGet();
        }

        /** Called by the delivery thread once the hold is over and this job's result was not recorded. */
        void leave(DeliveryOutcomes.Postponed postponed) {
            String key = key(delivery.job());
            if (leftWaiting.get() >= maxLeftWaiting && state.compareAndSet(WAITING, FINISHED)) {
                // Too many wait in memory already: this one waits in the broker instead.
                postponed.add(delivery.job(), Duration.ofMillis(250 + ThreadLocalRandom.current().nextLong(250)));
                return;
            }
            left.put(key, Boolean.TRUE);
            leftWaiting.incrementAndGet();
            if (state.compareAndSet(WAITING, LEFT_WAITING)) {
                postponed.add(delivery.job(), copyDelay(delivery));
                return;
            }
            leftWaiting.decrementAndGet();
            running.incrementAndGet();
            if (state.compareAndSet(PUSHING, LEFT_PUSHING)) {
                postponed.add(delivery.job(), copyDelay(delivery));
                return;
            }
            running.decrementAndGet();
            left.remove(key);
            // It finished in the meantime.
            recorded = true;
            outcomes.record(result, postponed, settled());
        }
    }
}
