package no.budstikke;

import static no.budstikke.support.HubClient.STRUCTURED;
import static no.budstikke.support.HubClient.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import no.budstikke.support.FreePorts;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubProcesses;
import no.budstikke.support.PushReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery, proven the hard way: a hub in its own JVM pushes a steady stream of events to three
 * subscriptions, it is killed with SIGKILL mid-stream, and after a restart on the same data directory every
 * acknowledged event has reached every subscription. Pushes are repeated only for deliveries that were in flight at
 * the kill (or whose log line had not been written yet): at most the subscriptions' concurrency, each repeat with the
 * same webhook-id.
 */
class DeliveryCrashIT {

    static final String RESOURCE = "urn:altinn:resource:test-load";
    static final String OWNER = "/org/test";
    private static final int MAX_CONCURRENCY = 2;
    /** The hub's bound on pushes started and not yet logged: what a crash may repeat. */
    private static final int MAX_IN_FLIGHT = 6;
    private static final Path LOGS = Path.of("target", "delivery-crash");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    void everyAcknowledgedEventReachesEverySubscriptionAfterKillNine() throws Exception {
        Files.createDirectories(LOGS);
        HubProcesses hubs = new HubProcesses(dataDir);
        int port = FreePorts.take();
        int amqpPort = FreePorts.take();
        // A slow subscriber (50 ms a push) and two pushes in flight per subscription make a backlog build up behind
        // the publisher, so the kill finds deliveries queued, waiting, in flight and not yet dispatched.
        try (PushReceiver receiver = new PushReceiver(50)) {
            try {
                Process first = hubs.start(port, amqpPort, LOGS.resolve("hub-1.log"), "--budstikke.delivery.consumers=4",
                        "--budstikke.delivery.max-in-flight=" + MAX_IN_FLIGHT);
                HubProcesses.awaitReady(first, port, LOGS.resolve("hub-1.log"));
                HubClient client = new HubClient("http://127.0.0.1:" + port);
                String token = client.token(OWNER);
                List<String> paths = subscribe(client, token, receiver, "/crash/", 3,
                        ",\"delivery\":{\"maxConcurrency\":" + MAX_CONCURRENCY + "}");

                AtomicBoolean stop = new AtomicBoolean();
                Thread publisher = publisher(client, token, "crash-delivery-", stop, acknowledged);
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 1000 && receiver.pushCount() >= 300);

                System.out.printf("DeliveryCrashIT: kill at %d%n", System.currentTimeMillis());
                first.destroyForcibly();
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                publisher.join(20_000);
                int pushedBeforeKill = receiver.pushCount();
                assertThat(pushedBeforeKill).as("deliveries still owed when the hub was killed")
                        .isLessThan(acknowledged.size() * paths.size());

                Process second = hubs.start(port, amqpPort, LOGS.resolve("hub-2.log"), "--budstikke.delivery.consumers=4",
                        "--budstikke.delivery.max-in-flight=" + MAX_IN_FLIGHT);
                HubProcesses.awaitReady(second, port, LOGS.resolve("hub-2.log"));

                awaitEveryEventEverywhere(receiver, paths, acknowledged);
                int total = receiver.pushCount();
                int duplicates = receiver.duplicates(paths);
                System.out.printf("DeliveryCrashIT: %d events acknowledged, %d pushes before the kill, %d pushes in all, "
                        + "%d duplicates (bound %d)%n", acknowledged.size(), pushedBeforeKill, total, duplicates,
                        MAX_IN_FLIGHT);
                receiver.repeats().forEach(repeat -> System.out.println("DeliveryCrashIT: repeated " + repeat));
                int inFlightBound = MAX_IN_FLIGHT;
                assertThat(duplicates).as("pushes repeated after the kill").isLessThanOrEqualTo(inFlightBound);
                receiver.assertRepeatsKeepTheirWebhookId();
            } finally {
                hubs.stopAll();
            }
        }
    }

    /** Whole-resource webhook subscriptions of the owner, one per path, awaited until active. */
    static List<String> subscribe(HubClient client, String token, PushReceiver receiver, String prefix, int count,
            String extraJson) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = prefix + i;
            paths.add(path);
            String body = "{\"endPoint\":\"" + receiver.url(path) + "\",\"resourceFilter\":\"" + RESOURCE + "\"" + extraJson + "}";
            var created = client.post("/events/api/v1/subscriptions", token, Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !client.get(token, "/events/api/v1/subscriptions").body().contains("pending-validation"));
        return paths;
    }

    /** Publishes single events until stopped, remembering the ids answered with 201. */
    static Thread publisher(HubClient client, String token, String prefix, AtomicBoolean stop, Set<String> acknowledged) {
        Thread publisher = new Thread(() -> {
            for (int n = 0; !stop.get(); n++) {
                String id = prefix + n;
                try {
                    if (client.publish(token, STRUCTURED, event(id, RESOURCE, "/organisation/974760673")).statusCode() == 201) {
                        acknowledged.add(id);
                    }
                } catch (RuntimeException e) {
                    // the hub died or stopped under this request: not acknowledged
                }
            }
        });
        publisher.start();
        return publisher;
    }

    static void awaitEveryEventEverywhere(PushReceiver receiver, List<String> paths, Set<String> acknowledged) {
        // The publisher is not capped, so a faster machine acknowledges more before the kill: the patience grows with
        // what is owed (the slow receiver takes ~120 pushes a second; 40 a second is allowed).
        Duration patience = Duration.ofSeconds(60 + (long) acknowledged.size() * paths.size() / 40);
        await("every acknowledged event at every subscription").atMost(patience)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, List<String>> delivered = receiver.deliveredIds(paths);
                    for (String path : paths) {
                        assertThat(acknowledged).as("acknowledged events missing at %s", path).isSubsetOf(delivered.get(path));
                    }
                });
    }
}
