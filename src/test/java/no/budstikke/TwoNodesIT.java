package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub nodes on one database and one broker (node A's embedded PostgreSQL and Artemis; node B configured as a
 * production node would be, with external ones): events published to either are delivered once per subscription,
 * and stopping node B mid-stream loses nothing.
 */
class TwoNodesIT {

    private static final Path LOGS = Path.of("target", "two-nodes");
    /** The owner's broker user on both nodes. */
    private static final String READER = "two-nodes-reader";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataA;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataB;

    @Test
    void eachEventIsDeliveredOncePerSubscriptionAndStoppingANodeLosesNothing() throws Exception {
        Files.createDirectories(LOGS);
        HubProcesses nodesA = new HubProcesses(dataA);
        HubProcesses nodesB = new HubProcesses(dataB);
        int portA = FreePorts.take();
        int portB = FreePorts.take();
        int brokerA = FreePorts.take();
        int postgresA = FreePorts.take();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (PushReceiver receiver = new PushReceiver()) {
            try {
                // Node B reaches node A's broker over the network as the hub's own broker user. Both nodes know the
                // owner's broker user: B's configuration lets the owner subscribe its queues, A's broker lets it read.
                String hubPassword = "two-nodes-" + java.util.UUID.randomUUID();
                Process a = nodesA.start(portA, brokerA, LOGS.resolve("node-a.log"), readerOf(hubPassword,
                        "--budstikke.embedded.postgres.port=" + postgresA, "--budstikke.broker.hub-password=" + hubPassword));
                HubProcesses.awaitReady(a, portA, LOGS.resolve("node-a.log"));
                Process b = nodesB.start(portB, FreePorts.take(), LOGS.resolve("node-b.log"), readerOf(hubPassword,
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresA + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerA,
                        "--spring.artemis.user=budstikke", "--spring.artemis.password=" + hubPassword));
                HubProcesses.awaitReady(b, portB, LOGS.resolve("node-b.log"));

                HubClient clientA = new HubClient("http://127.0.0.1:" + portA);
                HubClient clientB = new HubClient("http://127.0.0.1:" + portB);
                String tokenA = clientA.token(DeliveryCrashIT.OWNER);
                String tokenB = clientB.token(DeliveryCrashIT.OWNER);
                anAmqpSubscriptionMadeOnNodeBHasItsQueueOnTheSharedBrokerAtOnce(clientB, tokenB, brokerA, hubPassword);
                List<String> paths = DeliveryCrashIT.subscribe(clientA, tokenA, receiver, "/nodes/", 3, "");

                AtomicBoolean stopA = new AtomicBoolean();
                AtomicBoolean stopB = new AtomicBoolean();
                Thread publisherA = DeliveryCrashIT.publisher(clientA, tokenA, "node-a-", stopA, acknowledged);
                Thread publisherB = DeliveryCrashIT.publisher(clientB, tokenB, "node-b-", stopB, acknowledged);
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.stream().filter(id -> id.startsWith("node-b-"))
                        .count() >= 200 && receiver.pushCount() >= 600);

                b.destroy();
                assertThat(b.waitFor(60, TimeUnit.SECONDS)).as("node B stops on SIGTERM").isTrue();
                stopB.set(true);
                publisherB.join(20_000);
                int acknowledgedWhenBStopped = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= acknowledgedWhenBStopped + 200);
                stopA.set(true);
                publisherA.join(20_000);

                DeliveryCrashIT.awaitEveryEventEverywhere(receiver, paths, acknowledged);
                int total = receiver.pushCount();
                int duplicates = receiver.duplicates(paths);
                System.out.printf("TwoNodesIT: %d events acknowledged (%d through node B), %d pushes, %d duplicates%n",
                        acknowledged.size(), acknowledged.stream().filter(id -> id.startsWith("node-b-")).count(), total,
                        duplicates);
                assertThat(duplicates).as("duplicate pushes").isLessThan(total / 100 + 1);
                receiver.assertRepeatsKeepTheirWebhookId();
            } finally {
                nodesB.stopAll();
                nodesA.stopAll();
            }
        }
    }

    /** The settings plus the owner's broker user, reading two-nodes.* (its password: the hub's, for brevity). */
    private static String[] readerOf(String password, String... settings) {
        List<String> all = new java.util.ArrayList<>(List.of(settings));
        all.addAll(List.of("--budstikke.broker.users[0].username=" + READER,
                "--budstikke.broker.users[0].password=" + password,
                "--budstikke.broker.users[0].identity=" + DeliveryCrashIT.OWNER,
                "--budstikke.broker.users[0].queues[0]=two-nodes.*"));
        return all.toArray(String[]::new);
    }

    /**
     * Node B keeps subscriber queues on node A's broker, through its own connection to it, and lets the owner name
     * one only because its own configuration says the owner's broker user reads it: a plain AMQP client, as that
     * user, attaches to node A's broker before anything was delivered.
     */
    private static void anAmqpSubscriptionMadeOnNodeBHasItsQueueOnTheSharedBrokerAtOnce(HubClient nodeB, String token,
            int brokerA, String hubPassword) throws Exception {
        String queue = "two-nodes.plain";
        String source = "urn:budstikke:two-nodes:" + HubClient.newId();
        var created = nodeB.post("/events/api/v1/subscriptions", token, Map.of("Content-Type", "application/json"),
                HubClient.json(Map.of("endPoint", "amqp:" + queue, "resourceFilter", DeliveryCrashIT.RESOURCE,
                        "sourceFilter", source)).getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try (Client client = Client.create();
                var connection = client.connect("127.0.0.1", brokerA, new ConnectionOptions().user(READER)
                        .password(hubPassword));
                var receiver = connection.openReceiver(queue)) {
            receiver.openFuture().get(15, TimeUnit.SECONDS);
            String id = HubClient.newId();
            String event = HubClient.json(Map.of("specversion", "1.0", "id", id, "source", source,
                    "type", "no.budstikke.two-nodes", "resource", DeliveryCrashIT.RESOURCE));
            assertThat(nodeB.publish(token, HubClient.STRUCTURED, event).statusCode()).isEqualTo(201);
            Delivery delivery = receiver.receive(30, TimeUnit.SECONDS);
            assertThat(delivery).as("the event, through the queue node B created").isNotNull();
            assertThat(new String((byte[]) delivery.message().body(), StandardCharsets.UTF_8)).contains(id);
            delivery.accept();
        }
    }
}
