package no.budstikke.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts jobs that must wait (their endpoint busy or paused) back on the queue, gathered from all delivery threads:
 * one thread sends whatever was handed over while its previous send was in flight, in one broker transaction and
 * as few messages as fit. A caller returns only once its jobs are durable, so its own message may then be
 * acknowledged. Grouped so that no job waits more than twice as long as it asked for.
 */
public final class WaitingSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingSender.class);

    private final DeliveryQueue queue;
    private final Duration sendTimeout;
    private final BlockingQueue<Handover> handovers = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean running = true;

    /** @param sendTimeout how long a caller waits for the broker to take its jobs before it gives up (and throws) */
    public WaitingSender(DeliveryQueue queue, Duration sendTimeout) {
        this.queue = queue;
        this.sendTimeout = sendTimeout;
        this.sender = new Thread(this::sendLoop, "budstikke-waiting-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Blocks until the jobs are durably queued again; throws if the broker would not take them. */
    public void send(List<DeliveryJob> jobs, List<Duration> delays) {
        if (jobs.isEmpty()) {
            return;
        }
        Handover handover = new Handover(jobs, delays, new CompletableFuture<>());
        handovers.add(handover);
        if (!running) {
            handover.done.completeExceptionally(new IllegalStateException("Delivery is stopping"));
        }
        try {
            handover.done.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while putting jobs back to wait", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not put jobs back to wait", e);
        }
    }

    private void sendLoop() {
        while (running) {
            List<Handover> batch = new ArrayList<>();
            try {
                Handover first = handovers.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                handovers.drainTo(batch);
                queue.enqueueLater(groups(batch));
                batch.forEach(handover -> handover.done.complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(handover -> handover.done.completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                LOG.warn("Putting {} groups of waiting jobs back failed: {}", batch.size(), e.toString());
                batch.forEach(handover -> handover.done.completeExceptionally(e));
            }
        }
    }

    /** Sorted by delay, cut wherever a job would otherwise wait more than twice its own delay. */
    static List<DeliveryQueue.Later> groups(List<Handover> batch) {
        List<Waiting> all = new ArrayList<>();
        for (Handover handover : batch) {
            for (int i = 0; i < handover.jobs.size(); i++) {
                all.add(new Waiting(handover.jobs.get(i), handover.delays.get(i)));
            }
        }
        all.sort(Comparator.comparing(Waiting::delay));
        List<DeliveryQueue.Later> groups = new ArrayList<>();
        List<DeliveryJob> group = new ArrayList<>();
        Duration shortest = null;
        Duration longest = null;
        for (Waiting waiting : all) {
            if (shortest != null && waiting.delay.compareTo(shortest.multipliedBy(2)) > 0) {
                groups.add(new DeliveryQueue.Later(group, longest));
                group = new ArrayList<>();
                shortest = null;
            }
            if (shortest == null) {
                shortest = waiting.delay;
            }
            longest = waiting.delay;
            group.add(waiting.job);
        }
        if (!group.isEmpty()) {
            groups.add(new DeliveryQueue.Later(group, longest));
        }
        return groups;
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        Handover left;
        while ((left = handovers.poll()) != null) {
            left.done.completeExceptionally(new IllegalStateException("Delivery is stopping"));
        }
    }

    record Handover(List<DeliveryJob> jobs, List<Duration> delays, CompletableFuture<Void> done) {
    }

    private record Waiting(DeliveryJob job, Duration delay) {
    }
}
