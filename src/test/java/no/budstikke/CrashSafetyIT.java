package no.budstikke;

import static no.budstikke.support.HubClient.BATCH;
import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static no.budstikke.support.HubClient.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.support.FreePorts;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable before acknowledged, proven the hard way: the hub runs as a separate JVM, eight publishers send single
 * events and batches concurrently, the JVM is killed with SIGKILL mid-stream, and a new hub on the same data
 * directory must hold every event that was answered with a 2xx, each once, and of every batch either all events
 * or none.
 */
class CrashSafetyIT {

    private static final String RESOURCE = "urn:altinn:resource:test-load";
    private static final String OWNER = "/org/test";
    private static final int PUBLISHERS = 8;
    private static final int BATCH_SIZE = 10;
    private static final Duration MIN_LOAD = Duration.ofSeconds(3);
    private static final int MIN_ACKNOWLEDGED = 300;
    private static final Path LOGS = Path.of("target", "crash-safety");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    private HubProcesses hubs;

    /** Every event sent, by id, as sent. */
    private final Map<String, String> sent = new ConcurrentHashMap<>();
    /** Ids of every event whose request was answered with a 2xx. */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final Set<List<String>> acknowledgedBatches = ConcurrentHashMap.newKeySet();
    /** Per publisher, the first id of each acknowledged request, in the order the publisher sent them. */
    private final List<List<String>> acknowledgedInOrder = new ArrayList<>();
    private final Map<Integer, AtomicInteger> otherStatuses = new ConcurrentHashMap<>();
    private final AtomicInteger failedRequests = new AtomicInteger();

    @Test
    void everyAcknowledgedEventSurvivesKillNineAndNothingHalfWrittenIsVisible() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(LOGS);
        int port = FreePorts.take();
        int amqpPort = FreePorts.take();
        hubs = new HubProcesses(dataDir);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try {
            Process first = hubs.start(port, amqpPort, LOGS.resolve("hub-1.log"));
            HubProcesses.awaitReady(first, port, LOGS.resolve("hub-1.log"));
            HubClient publisherClient = new HubClient("http://127.0.0.1:" + port);
            String publishToken = publisherClient.token(OWNER);

            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
            for (int p = 0; p < PUBLISHERS; p++) {
                List<String> order = Collections.synchronizedList(new ArrayList<>());
                acknowledgedInOrder.add(order);
                String prefix = "crash-" + run + "-p" + p;
                publishers.submit(() -> publish(publisherClient, publishToken, prefix, order, stop));
            }
            long loadStarted = System.nanoTime();
            await("at least " + MIN_ACKNOWLEDGED + " acknowledged events and " + MIN_LOAD + " of load")
                    .atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                    .until(() -> acknowledged.size() >= MIN_ACKNOWLEDGED
                            && System.nanoTime() - loadStarted >= MIN_LOAD.toNanos());
            assertThat(first.isAlive()).as("the hub is still running under load").isTrue();

            // kill -9 while every publisher is sending
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("the killed hub has exited").isTrue();
            long loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
            int failedBeforeStop = failedRequests.get();
            stop.set(true);
            publishers.shutdown();
            assertThat(publishers.awaitTermination(20, TimeUnit.SECONDS)).as("publishers stopped").isTrue();
            Optional<ProcessHandle> orphan = hubs.postmaster();

            Process second = hubs.start(port, amqpPort, LOGS.resolve("hub-2.log"));
            HubProcesses.awaitReady(second, port, LOGS.resolve("hub-2.log"));
            orphan.ifPresent(o -> assertThat(o.isAlive()).as("the orphaned PostgreSQL was stopped by the new hub").isFalse());
            Optional<ProcessHandle> secondPostmaster = hubs.postmaster();

            // a new issuer key on every start, so a new client (the token cache is per base URL)
            HubClient reader = new HubClient("http://localhost:" + port);
            List<JsonNode> found = readAll(reader, reader.token(OWNER));

            int acknowledgedCount = acknowledged.size();
            List<String> foundIds = found.stream().map(e -> e.get("id").asText()).toList();
            System.out.printf("CrashSafetyIT: load %d ms; %d events sent, %d acknowledged (%d batches of %d sent, %d acknowledged);"
                            + " %d requests failed (%d before the publishers were stopped); other statuses %s;"
                            + " orphaned postmaster %s; %d events found after restart%n",
                    loadMillis, sent.size(), acknowledgedCount, batches.size(), BATCH_SIZE, acknowledgedBatches.size(),
                    failedRequests.get(), failedBeforeStop, otherStatuses, orphan.map(ProcessHandle::pid).orElse(null),
                    foundIds.size());

            assertThat(failedRequests.get()).as("the kill hit requests in flight").isPositive();
            assertThat(foundIds).as("no event is stored twice").doesNotHaveDuplicates();
            Set<String> present = new HashSet<>(foundIds);
            assertThat(acknowledged.stream().filter(id -> !present.contains(id)).toList())
                    .as("acknowledged events missing after the restart").isEmpty();
            assertThat(foundIds.stream().filter(id -> !sent.containsKey(id)).toList())
                    .as("events found that were never sent").isEmpty();
            for (JsonNode stored : found) {
                String id = stored.get("id").asText();
                assertThat(stored).as("event %s is stored exactly as sent", id).isEqualTo(parse(sent.get(id)));
            }
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < foundIds.size(); i++) {
                position.put(foundIds.get(i), i);
            }
            int partial = 0;
            int unacknowledgedStored = 0;
            for (List<String> batch : batches) {
                long stored = batch.stream().filter(present::contains).count();
                if (acknowledgedBatches.contains(batch)) {
                    assertThat(stored).as("acknowledged batch %s is complete", batch.get(0)).isEqualTo(BATCH_SIZE);
                } else if (stored == BATCH_SIZE) {
                    unacknowledgedStored++;
                } else if (stored != 0) {
                    partial++;
                }
                if (stored == BATCH_SIZE) {
                    int start = position.get(batch.get(0));
                    assertThat(batch.stream().map(position::get).toList())
                            .as("positions of batch %s: stored together, in the order sent", batch.get(0))
                            .containsExactlyElementsOf(IntStream.range(start, start + BATCH_SIZE).boxed().toList());
                }
            }
            assertThat(partial).as("batches stored in part").isZero();
            for (List<String> order : acknowledgedInOrder) {
                List<Integer> positions = order.stream().map(position::get).toList();
                assertThat(positions).as("one publisher's acknowledged requests, in registration order").isSorted()
                        .doesNotHaveDuplicates();
            }
            System.out.printf("CrashSafetyIT: %d unacknowledged batches were committed whole, none in part%n", unacknowledgedStored);

            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the hub stops on SIGTERM").isTrue();
            secondPostmaster.ifPresent(pm -> await("the hub's PostgreSQL stops with it").atMost(Duration.ofSeconds(20))
                    .until(() -> !pm.isAlive()));
            System.out.printf("CrashSafetyIT: done in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
        } finally {
            hubs.stopAll();
        }
    }

    /** One publisher: single events, and every fifth request a batch, until told to stop. */
    private void publish(HubClient client, String token, String prefix, List<String> order, AtomicBoolean stop) {
        for (int n = 0; !stop.get(); n++) {
            boolean batch = n % 5 == 4;
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < (batch ? BATCH_SIZE : 1); k++) {
                ids.add(prefix + "-r" + n + (batch ? "-e" + k : ""));
            }
            List<String> events = ids.stream().map(id -> event(id, RESOURCE, "/organisation/974760673")).toList();
            for (int k = 0; k < ids.size(); k++) {
                sent.put(ids.get(k), events.get(k));
            }
            if (batch) {
                batches.add(ids);
            }
            try {
                HttpResponse<String> response = batch
                        ? client.publish(token, BATCH, "[" + String.join(",", events) + "]")
                        : client.publish(token, STRUCTURED, events.get(0));
                if (response.statusCode() / 100 == 2) {
                    acknowledged.addAll(ids);
                    order.add(ids.get(0));
                    if (batch) {
                        acknowledgedBatches.add(ids);
                    }
                } else {
                    otherStatuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                }
            } catch (RuntimeException e) {
                // the hub died under this request (or refused the connection): not acknowledged
                failedRequests.incrementAndGet();
            }
        }
    }

    /** Pages through the resource from the start, following {@code next} until an empty page. */
    private static List<JsonNode> readAll(HubClient client, String token) {
        List<JsonNode> events = new ArrayList<>();
        String url = "/events/api/v1/events?resource=" + RESOURCE + "&after=0&size=1000";
        long lastCursor = 0;
        while (true) {
            HttpResponse<String> response = client.get(token, url);
            assertThat(response.statusCode()).as("query %s: %s", url, response.body()).isEqualTo(200);
            JsonNode page = parse(response.body());
            String next = response.headers().firstValue("next").orElseThrow();
            long cursor = Long.parseLong(next.substring(next.lastIndexOf("after=") + "after=".length()));
            if (page.isEmpty()) {
                assertThat(cursor).as("an empty page keeps the cursor").isEqualTo(lastCursor);
                return events;
            }
            assertThat(cursor).as("the sequence cursor only moves forward").isGreaterThan(lastCursor);
            page.forEach(events::add);
            lastCursor = cursor;
            url = next;
        }
    }
}
