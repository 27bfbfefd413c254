package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import no.budstikke.support.HubProcesses;
import no.budstikke.support.PushReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal stop under load: a hub in its own JVM publishes and pushes steadily, gets SIGTERM, and exits within its
 * grace without an ERROR in its log; after a restart every acknowledged event is stored and reaches every
 * subscription.
 */
class GracefulShutdownIT {

    private static final Path LOGS = Path.of("target", "graceful-shutdown");
    private static final Duration GRACE = Duration.ofSeconds(10);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    void sigtermUnderLoadStopsInOrderWithinTheGraceAndLosesNothing() throws Exception {
        Files.createDirectories(LOGS);
        HubProcesses hubs = new HubProcesses(dataDir);
        int port = HubIntegrationTest.freePort();
        int amqpPort = HubIntegrationTest.freePort();
        Path firstLog = LOGS.resolve("hub-1.log");
        try (PushReceiver receiver = new PushReceiver(10)) {
            try {
                Process first = hubs.start(port, amqpPort, firstLog, "--budstikke.delivery.consumers=4");
                HubProcesses.awaitReady(first, port, firstLog);
                HubClient client = new HubClient("http://127.0.0.1:" + port);
                String token = client.token(DeliveryCrashIT.OWNER);
                List<String> paths = DeliveryCrashIT.subscribe(client, token, receiver, "/graceful/", 3, "");

                AtomicBoolean stop = new AtomicBoolean();
                Thread publisher = DeliveryCrashIT.publisher(client, token, "graceful-", stop, acknowledged);
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 500 && receiver.pushCount() >= 300);

                long signalled = System.nanoTime();
                first.destroy();
                assertThat(first.waitFor(GRACE.toSeconds() + 20, TimeUnit.SECONDS)).as("the hub exited").isTrue();
                Duration stopping = Duration.ofNanos(System.nanoTime() - signalled);
                stop.set(true);
                publisher.join(20_000);
                System.out.printf("GracefulShutdownIT: stopped in %d ms after SIGTERM, %d events acknowledged, %d pushes%n",
                        stopping.toMillis(), acknowledged.size(), receiver.pushCount());
                assertThat(stopping).as("time from SIGTERM to exit").isLessThan(GRACE);
                assertThat(Files.readAllLines(firstLog)).as("ERROR lines in the stopped hub's log (%s)", firstLog)
                        .noneMatch(line -> line.contains(" ERROR ") || line.startsWith("ERROR"));
                assertThat(hubs.postmaster()).as("the embedded PostgreSQL stopped with the hub").isEmpty();

                Process second = hubs.start(port, amqpPort, LOGS.resolve("hub-2.log"), "--budstikke.delivery.consumers=4");
                HubProcesses.awaitReady(second, port, LOGS.resolve("hub-2.log"));
                DeliveryCrashIT.awaitEveryEventEverywhere(receiver, paths, acknowledged);
            } finally {
                hubs.stopAll();
            }
        }
    }
}
