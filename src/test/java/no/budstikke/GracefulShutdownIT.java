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

import java.nio.charset.StandardCharsets;
import java.util.Map;

import no.budstikke.support.FreePorts;
import no.budstikke.support.HangingEndpoint;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubProcesses;
import no.budstikke.support.PushReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal stop under load: a hub in its own JVM publishes and pushes steadily, gets SIGTERM, and exits within its
 * grace without an ERROR in its log; after a restart every acknowledged event is stored and reaches every
 * subscription. A stop that cannot finish — a push to an endpoint that never answers keeps it waiting — ends at once
 * on a second SIGTERM, or when its grace runs out, and loses nothing either way.
 */
class GracefulShutdownIT {

    private static final Path LOGS = Path.of("target", "graceful-shutdown");
    /** Longer than the default of 10 s so that a slow machine's orderly stop is not cut short; a stop takes ~5 s here. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    void sigtermUnderLoadStopsInOrderWithinTheGraceAndLosesNothing() throws Exception {
        Files.createDirectories(LOGS);
        HubProcesses hubs = new HubProcesses(dataDir);
        int port = FreePorts.take();
        int amqpPort = FreePorts.take();
        Path firstLog = LOGS.resolve("hub-1.log");
        try (PushReceiver receiver = new PushReceiver(10)) {
            try {
                Process first = hubs.start(port, amqpPort, firstLog, "--budstikke.delivery.consumers=4",
                        "--budstikke.shutdown.grace=" + GRACE);
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
                        .noneMatch(line -> line.contains(" ERROR ") || line.startsWith("ERROR"))
                        .as("an orderly stop, not one cut short by its grace")
                        .noneMatch(line -> line.contains("ending at once"));
                assertThat(hubs.postmaster()).as("the embedded PostgreSQL stopped with the hub").isEmpty();

                Process second = hubs.start(port, amqpPort, LOGS.resolve("hub-2.log"), "--budstikke.delivery.consumers=4");
                HubProcesses.awaitReady(second, port, LOGS.resolve("hub-2.log"));
                DeliveryCrashIT.awaitEveryEventEverywhere(receiver, paths, acknowledged);
            } finally {
                hubs.stopAll();
            }
        }
    }

    @Test
    void aSecondSigtermEndsAStopThatIsStillWaitingAtOnce() throws Exception {
        Path log = LOGS.resolve("second-signal-1.log");
        interruptedStop(log, "PT60S", hub -> {
            await("the stop waiting for the hanging push").atMost(Duration.ofSeconds(20))
                    .until(() -> Files.readString(log).contains("Stopping: the delivery consumer"));
            long signalled = System.nanoTime();
            hub.destroy();
            assertThat(hub.waitFor(10, TimeUnit.SECONDS)).as("the hub exited on the second signal").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(5));
            assertThat(Files.readString(log)).contains("Second SIGTERM while stopping: ending at once");
        });
    }

    @Test
    void aStopLongerThanItsGraceEndsWhenTheGraceRunsOut() throws Exception {
        Path log = LOGS.resolve("grace-expired-1.log");
        interruptedStop(log, "PT1S", hub -> {
            assertThat(hub.waitFor(15, TimeUnit.SECONDS)).as("the hub exited when its grace ran out").isTrue();
            assertThat(Files.readString(log)).contains("The stop took longer than its grace of PT1S: ending at once");
        });
    }

    /** What the test does with the hub once it has had its first SIGTERM. */
    private interface AfterFirstSignal {
        void accept(Process hub) throws Exception;
    }

    /**
     * A hub with the given grace pushes to a healthy subscriber and to one that never answers, gets SIGTERM while
     * publishing, is ended by {@code after}, exits with 143, and after a restart has lost nothing it acknowledged.
     */
    private void interruptedStop(Path log, String grace, AfterFirstSignal after) throws Exception {
        Files.createDirectories(LOGS);
        HubProcesses hubs = new HubProcesses(dataDir);
        int port = FreePorts.take();
        int amqpPort = FreePorts.take();
        try (PushReceiver receiver = new PushReceiver(); HangingEndpoint hanging = new HangingEndpoint()) {
            try {
                Process first = hubs.start(port, amqpPort, log, "--budstikke.shutdown.grace=" + grace);
                HubProcesses.awaitReady(first, port, log);
                HubClient client = new HubClient("http://127.0.0.1:" + port);
                String token = client.token(DeliveryCrashIT.OWNER);
                String body = "{\"endPoint\":\"" + hanging.url("/never") + "\",\"resourceFilter\":\""
                        + DeliveryCrashIT.RESOURCE + "\"}";
                assertThat(client.post("/events/api/v1/subscriptions", token, Map.of("Content-Type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
                List<String> paths = DeliveryCrashIT.subscribe(client, token, receiver, "/stopped/", 1, "");

                AtomicBoolean stop = new AtomicBoolean();
                Thread publisher = DeliveryCrashIT.publisher(client, token, "stopped-", stop, acknowledged);
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 100 && hanging.pushes() > 0);

                first.destroy();
                after.accept(first);
                stop.set(true);
                publisher.join(20_000);
                assertThat(first.exitValue()).as("exit code of a stop by SIGTERM").isEqualTo(143);

                Path again = LOGS.resolve(log.getFileName().toString().replace("-1.log", "-2.log"));
                Process second = hubs.start(port, amqpPort, again);
                HubProcesses.awaitReady(second, port, again);
                DeliveryCrashIT.awaitEveryEventEverywhere(receiver, paths, acknowledged);
            } finally {
                hubs.stopAll();
            }
        }
    }
}
