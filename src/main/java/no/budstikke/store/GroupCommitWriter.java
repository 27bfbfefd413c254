package no.budstikke.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

import no.budstikke.event.CloudEvent;
import no.budstikke.tracing.TraceSpan;
import no.budstikke.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for publishing: requests queue up while the previous commit is in flight, and the writer thread
 * commits everything that waited in one transaction. Throughput is then bounded by rows per commit, not by
 * one fsync per event, while each request still returns only after its own events are durable.
 */
public class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final EventStore store;
    private final int maxEventsPerCommit;
    private final Duration timeout;
    private final IntConsumer commitSizeObserver;
    private final Tracing tracing;
    private final BlockingQueue<PendingPublish> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    /** @param tracing gives each commit a span, linked to the publishes it commits (see {@link Tracing#startBatch}) */
    public GroupCommitWriter(EventStore store, int maxEventsPerCommit, Duration timeout, IntConsumer commitSizeObserver,
            Tracing tracing) {
        this.store = store;
        this.tracing = tracing;
        this.maxEventsPerCommit = maxEventsPerCommit;
        this.timeout = timeout;
        this.commitSizeObserver = commitSizeObserver;
        this.writer = new Thread(this::run, "budstikke-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues the events of one request (all or nothing) for the next group commit without waiting, with the
     * publish's trace context (a W3C traceparent, or null) to store with its new events: a caller with many
     * requests at hand hands them all over and then waits for each with {@link #await}.
     */
    public CompletableFuture<List<Registration>> publishLater(List<CloudEvent> events, String traceparent) {
        CompletableFuture<List<Registration>> result = new CompletableFuture<>();
        if (!running) {
            throw new StoreUnavailableException("The hub is shutting down", null);
        }
        queue.add(new PendingPublish(events, traceparent, result));
        return result;
    }

    /** Waits for a publish handed over with {@link #publishLater}. */
    public List<Registration> await(CompletableFuture<List<Registration>> result) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("The event store failed", e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("The event store did not commit within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Interrupted while waiting for the commit", e);
        }
    }

    private void run() {
        List<PendingPublish> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                PendingPublish first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.events().size();
                PendingPublish next;
                while (events < maxEventsPerCommit && (next = queue.peek()) != null
                        && events + next.events().size() <= maxEventsPerCommit) {
                    group.add(queue.poll());
                    events += next.events().size();
                }
                TraceSpan span = tracing.startBatch("event commit", group, PendingPublish::traceparent);
                StoreUnavailableException failed;
                try {
                    failed = store.commitGroup(group);
                } catch (RuntimeException e) {
                    span.end(e);
                    throw e;
                }
                span.tag("budstikke.events", events).end(failed);
                if (failed == null) {
                    // A group rolled back is neither a commit to count nor news for the dispatcher.
                    commitSizeObserver.accept(events);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("Group commit failed unexpectedly", e);
                StoreUnavailableException failure = new StoreUnavailableException("The event store failed", e);
                group.forEach(pending -> pending.result().completeExceptionally(failure));
            } finally {
                group.clear();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(timeout.toMillis());
    }
}
