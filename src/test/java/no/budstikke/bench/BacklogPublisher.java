package no.budstikke.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;

/**
 * Publishes batches of events as fast as the deliveries keep up: before each batch it waits until at most
 * {@code maxBacklog} deliveries are owed, so the hub is kept saturated without an unbounded queue behind it. The
 * fan-out phases of the delivery and cluster benchmarks share it.
 */
final class BacklogPublisher {

    /** Events per batch. */
    static final int BATCH = 50;

    /** What one run published and what arrived while it published. */
    record Run(long published, long delivered, double deliveriesPerSecond) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<URI> nodes;
    private final String token;
    private final long maxBacklog;
    private final LongSupplier delivered;

    /**
     * @param ports     the hub nodes' HTTP ports, published to in turn
     * @param delivered the count of deliveries so far, read at the receiver
     */
    BacklogPublisher(List<Integer> ports, String token, long maxBacklog, LongSupplier delivered) {
        this.nodes = ports.stream().map(port -> URI.create("http://127.0.0.1:" + port + "/events/api/v1/events")).toList();
        this.token = token;
        this.maxBacklog = maxBacklog;
        this.delivered = delivered;
    }

    /**
     * Publishes for {@code seconds}, then waits until every delivery owed has arrived (so the next phase starts
     * from an empty backlog).
     *
     * @param deliveriesPerEvent what each event owes the receiver
     * @param event              the JSON of the next event (a new id each time)
     */
    Run run(int deliveriesPerEvent, int seconds, Supplier<String> event) throws Exception {
        return run(deliveriesPerEvent, seconds, event, () -> { });
    }

    /** As {@link #run(int, int, Supplier)}, calling {@code published} when the publishing ends, before the drain. */
    Run run(int deliveriesPerEvent, int seconds, Supplier<String> event, Runnable published) throws Exception {
        long base = delivered.getAsLong();
        long sent = 0;
        long began = System.nanoTime();
        long end = began + seconds * 1_000_000_000L;
        for (int turn = 0; System.nanoTime() < end; turn++) {
            long owedSoFar = sent * deliveriesPerEvent;
            // Checked on this thread and at once: most batches need no wait, and none should start a thread.
            Awaitility.await("the receiver catching up").atMost(Duration.ofMinutes(2)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> owedSoFar - (delivered.getAsLong() - base) <= maxBacklog);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < BATCH; i++) {
                batch.append(i == 0 ? "" : ",").append(event.get());
            }
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(nodes.get(turn % nodes.size()))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/cloudevents-batch+json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("batch publish answered " + answer.statusCode() + ": " + answer.body());
            }
            sent += BATCH;
        }
        long arrived = delivered.getAsLong() - base;
        double rate = arrived / ((System.nanoTime() - began) / 1e9);
        published.run();
        long owed = sent * deliveriesPerEvent;
        Awaitility.await("the backlog drained").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> delivered.getAsLong() - base >= owed);
        return new Run(sent, arrived, rate);
    }
}
