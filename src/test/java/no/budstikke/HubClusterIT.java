package no.budstikke;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static no.budstikke.support.HubClient.STRUCTURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import no.budstikke.support.ArtemisBroker;
import no.budstikke.support.ClusterDeployment;
import no.budstikke.support.FreePorts;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubProcesses;
import no.budstikke.support.PushReceiver;
import no.budstikke.support.TestIssuer;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.proton.amqp.Symbol;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hub as it runs in production, every part a process of its own: a PostgreSQL server no node manages, two
 * brokers of the Apache Artemis distribution in a symmetric cluster, and three hub nodes on them, taking publish
 * and delivery load while a node is killed (mid-drain of events.inbound, holding the leases), a broker is killed,
 * and every node is restarted in turn; AMQP publishing and amqp: delivery across the two brokers; and a node on a
 * schema from a newer release is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubClusterIT {

    private static final Path LOGS = Path.of("target", "cluster");
    private static final String RESOURCE = DeliveryCrashIT.RESOURCE;
    private static final String OWNER = DeliveryCrashIT.OWNER;
    private static final String READER_QUEUE = "cluster.amqp.reader";
    private static final int NODES = 3;
    private static final int DELIVERY_CONSUMERS = 16;
    private static final Duration FAILOVER = Duration.ofSeconds(30);
    private static final List<String> SINGLE_NODE_WORK = List.of("connector-brreg", "subscription-validation",
            "partition-upkeep");

    private final String password = "cluster-" + UUID.randomUUID();
    private final int[] ports = new int[NODES];
    private final Process[] nodes = new Process[NODES];
    private final int[] starts = new int[NODES];
    private final List<ArtemisBroker> brokers = new ArrayList<>();
    private ClusterDeployment cluster;
    private EmbeddedPostgres postgres;
    private JdbcTemplate database;
    private HubProcesses hubs;
    private TestIssuer issuer;
    private PushReceiver receiver;
    private WireMockServer feed;
    private Path work;

    @BeforeAll
    void startCluster() throws Exception {
        long began = System.nanoTime();
        Files.createDirectories(LOGS);
        work = Files.createTempDirectory("budstikke-cluster-");
        cluster = ClusterDeployment.start(work, LOGS, password, READER_QUEUE, 200);
        postgres = cluster.postgres();
        brokers.addAll(cluster.brokers());
        database = new JdbcTemplate(postgres.getPostgresDatabase());

        issuer = new TestIssuer();
        receiver = new PushReceiver();
        feed = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        feed.start();
        // Enhetsregisteret with nothing new: the connector asks every second, from the node holding its lease.
        feed.stubFor(get(anyUrl()).willReturn(okJson("{}")));

        hubs = new HubProcesses(work.resolve("hub-data"));
        for (int i = 0; i < NODES; i++) {
            ports[i] = FreePorts.take();
            startNode(i);
        }
        for (int i = 0; i < NODES; i++) {
            awaitNode(i);
        }
        System.out.printf("HubClusterIT: PostgreSQL, two brokers and %d nodes up in %d s%n", NODES,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (hubs != null) {
            hubs.stopAll();
        }
        if (feed != null) {
            feed.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (cluster != null) {
            // The logs stay in target/cluster; the data of the database and the brokers goes.
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aNodeOnASchemaFromANewerReleaseIsRefusedWithAClearMessage() throws Exception {
        database.execute("CREATE DATABASE newer_release");
        var newer = postgres.getDatabase("postgres", "newer_release");
        Flyway.configure().dataSource(newer).locations("classpath:db/migration").load().migrate();
        new JdbcTemplate(newer).update("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                SELECT max(installed_rank) + 1, '99', 'from a newer release', 'SQL', 'V99__from_a_newer_release.sql', 1,
                       'test', 1, true FROM flyway_schema_history""");

        Path log = LOGS.resolve("node-on-newer-schema.log");
        Process node = hubs.start(nodeJvm(), FreePorts.take(), FreePorts.take(), log,
                nodeArguments(0, "newer_release"));
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the node stops by itself").isTrue();
        assertThat(node.exitValue()).isNotZero();
        assertThat(Files.readString(log))
                .contains("Incompatible database schema")
                .contains("The database schema is at version 99, newer than this node knows (up to " + latestMigration() + ")");
    }

    @Test
    @Order(2)
    void amqpIngressAndAmqpDeliveryWorkAcrossTheBrokers() throws Exception {
        HubClient client = client(0);
        String token = issuer.token(OWNER);
        String source = "urn:budstikke:cluster:amqp";
        var created = client.post("/events/api/v1/subscriptions", token, Map.of("Content-Type", "application/json"),
                HubClient.json(Map.of("endPoint", "amqp:" + READER_QUEUE, "resourceFilter", RESOURCE, "sourceFilter", source))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        Set<String> sent = new HashSet<>();
        List<String> received = new ArrayList<>();
        // The subscriber reads from broker B only; events are published on both brokers.
        try (Connection reader = amqp(brokers.get(1), ArtemisBroker.READER_USER)) {
            Session readSession = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = readSession.createConsumer(readSession.createQueue(READER_QUEUE));
            for (ArtemisBroker broker : brokers) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ids.add("amqp-" + broker.port() + "-" + i);
                }
                sent.addAll(sendOverAmqp(broker, ids, source));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                Message message = consumer.receive(1000);
                if (message != null) {
                    received.add(HubClient.parse(new String(message.getBody(byte[].class), StandardCharsets.UTF_8))
                            .get("id").asText());
                }
            }
        }
        assertThat(received).as("every event published over AMQP, read on the other broker").containsExactlyInAnyOrderElementsOf(sent);
        Integer stored = database.queryForObject("SELECT count(*) FROM event WHERE source = ?", Integer.class, source);
        assertThat(stored).as("each message stored once").isEqualTo(sent.size());
    }

    @Test
    @Order(3)
    void killingANodeLosesNothingAndItsSingleNodeWorkMovesWithin30Seconds() throws Exception {
        Load load = startLoad("kill-node");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 300 && receiver.pushCount() >= 300);
        await("every single-node task leased").atMost(FAILOVER).until(() -> holders().keySet().containsAll(SINGLE_NODE_WORK));

        int victim = nodeOf(holders().get("connector-brreg"));
        Map<String, String> before = holders();
        // AMQP publishers fill events.inbound on both brokers while the nodes drain it; the kill lands mid-drain.
        String amqpSource = "urn:budstikke:cluster:amqp-drain";
        Set<String> amqpAccepted = ConcurrentHashMap.newKeySet();
        List<Thread> amqpPublishers = new ArrayList<>();
        for (ArtemisBroker broker : brokers) {
            Thread sender = new Thread(() -> {
                for (int batch = 0; batch < 10; batch++) {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        ids.add("drain-" + broker.port() + "-" + batch + "-" + i);
                    }
                    try {
                        amqpAccepted.addAll(sendOverAmqp(broker, ids, amqpSource));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            sender.start();
            amqpPublishers.add(sender);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> amqpAccepted.size() >= 300);
        nodes[victim].destroyForcibly();
        assertThat(nodes[victim].waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        load.avoid(victim);

        await("the dead node's leases taken over").atMost(FAILOVER).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, String> now = holders();
            return SINGLE_NODE_WORK.stream().allMatch(work -> now.containsKey(work)
                    && (!before.get(work).equals(now.get(work)) || nodeOf(now.get(work)) != victim));
        });
        long takenOver = System.nanoTime();
        int polls = feed.countRequestsMatching(getRequestedFor(urlPathEqualTo(
                "/enhetsregisteret/api/oppdateringer/enheter")).build()).getCount();
        await("the connector polling again from another node").atMost(FAILOVER).until(() -> feed.countRequestsMatching(
                getRequestedFor(urlPathEqualTo("/enhetsregisteret/api/oppdateringer/enheter")).build()).getCount() > polls + 2);
        System.out.printf("HubClusterIT: node %d killed; its leases moved after %d ms: %s%n", victim,
                TimeUnit.NANOSECONDS.toMillis(takenOver - killedAt), holders());

        int acknowledgedAtKill = load.acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= acknowledgedAtKill + 300);
        load.stop();
        load.assertNothingMissedAndDuplicatesBounded(DELIVERY_CONSUMERS * load.paths.size() + 500 * load.paths.size());

        for (Thread sender : amqpPublishers) {
            sender.join(60_000);
        }
        await("every AMQP message the brokers accepted, stored").atMost(Duration.ofSeconds(60)).until(() -> database.queryForObject(
                "SELECT count(*) FROM event WHERE source = ?", Integer.class, amqpSource) >= amqpAccepted.size());
        assertThat(database.queryForObject("SELECT count(*) FROM event WHERE source = ?", Integer.class, amqpSource))
                .as("each accepted AMQP message stored once").isEqualTo(amqpAccepted.size()).isEqualTo(2000);
        System.out.printf("HubClusterIT: %d AMQP messages accepted while the node was killed, each stored once%n",
                amqpAccepted.size());

        startNode(victim);
        awaitNode(victim);
    }

    @Test
    @Order(4)
    void killingABrokerLosesNothingAndDeliveryResumesWithin30Seconds() throws Exception {
        Load load = startLoad("kill-broker");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 300 && receiver.pushCount() >= 300);

        ArtemisBroker victim = brokers.get(1);
        victim.kill();
        long killedAt = System.nanoTime();
        // An event published after the kill must reach every subscription within 30 s (the nodes reconnect to broker A).
        String marker = load.publishOne();
        await("delivery after the broker died").atMost(FAILOVER).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, List<String>> delivered = receiver.deliveredIds(load.paths);
            for (String path : load.paths) {
                assertThat(delivered.get(path)).contains(marker);
            }
        });
        System.out.printf("HubClusterIT: broker B killed; an event published after it was delivered everywhere %d ms later%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        int acknowledgedAtKill = load.acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= acknowledgedAtKill + 300);

        // What broker B held in its journal is delivered once it is back.
        victim.start();
        load.stop();
        load.assertNothingMissedAndDuplicatesBounded(DELIVERY_CONSUMERS * NODES * load.paths.size() + 500 * load.paths.size());
    }

    @Test
    @Order(5)
    void restartingEveryNodeInTurnFailsNoPublishAndMissesNoEvent() throws Exception {
        Load load = startLoad("rolling");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 300);
        for (int i = 0; i < NODES; i++) {
            load.avoid(i);
            nodes[i].destroy();
            assertThat(nodes[i].waitFor(60, TimeUnit.SECONDS)).as("node %d stops on SIGTERM", i).isTrue();
            startNode(i);
            awaitNode(i);
            load.allow(i);
            int acknowledged = load.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= acknowledged + 100);
        }
        load.stop();
        assertThat(load.failures).as("publishes that failed even after retrying").isEmpty();
        load.assertNothingMissedAndDuplicatesBounded(DELIVERY_CONSUMERS * NODES * load.paths.size() + 500 * load.paths.size());
    }

    // --- the cluster ----------------------------------------------------------------------------------------------

    private void startNode(int i) throws Exception {
        Path log = LOGS.resolve("node-" + i + "-" + (++starts[i]) + ".log");
        nodes[i] = hubs.start(nodeJvm(), ports[i], FreePorts.take(), log,
                nodeArguments(i, "postgres"));
    }

    private void awaitNode(int i) {
        HubProcesses.awaitReady(nodes[i], ports[i], LOGS.resolve("node-" + i + "-" + starts[i] + ".log"));
    }

    private static List<String> nodeJvm() {
        // Three nodes, two brokers and the database share two cores: small heaps, and the quick compiler only.
        return List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    private String[] nodeArguments(int i, String databaseName) {
        // Each node lists both brokers, one of them first by turns; the client spreads connections over the cluster.
        List<String> settings = new ArrayList<>(cluster.nodeSettings(i, databaseName, issuer));
        settings.addAll(List.of(
            "--spring.datasource.hikari.maximum-pool-size=12",
            "--budstikke.broker.ingress=true",
            "--budstikke.broker.ingress-consumers=2",
            "--budstikke.broker.users[0].username=" + ArtemisBroker.PUBLISHER_USER,
            "--budstikke.broker.users[0].password=" + password,
            "--budstikke.broker.users[0].publisher=" + OWNER,
            // The reader acts for the owner: the owner's amqp: subscriptions may fill the queue it reads.
            "--budstikke.broker.users[1].username=" + ArtemisBroker.READER_USER,
            "--budstikke.broker.users[1].password=" + password,
            "--budstikke.broker.users[1].identity=" + OWNER,
            "--budstikke.broker.users[1].queues=" + READER_QUEUE,
            "--budstikke.delivery.consumers=" + DELIVERY_CONSUMERS,
            "--budstikke.connectors.brreg.enabled=true",
            "--budstikke.connectors.brreg.url=" + feed.baseUrl(),
            "--budstikke.connectors.brreg.interval=PT1S"));
        return settings.toArray(String[]::new);
    }

    /** The newest migration this build carries, as the node names it. */
    private static int latestMigration() throws IOException {
        int latest = 0;
        for (var script : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath:db/migration/V*__*.sql")) {
            String name = script.getFilename();
            latest = Math.max(latest, Integer.parseInt(name.substring(1, name.indexOf("__"))));
        }
        return latest;
    }

    private HubClient client(int i) {
        return new HubClient("http://127.0.0.1:" + ports[i]);
    }

    /** Lease name → holder ({@code node-N/…}) of the leases that have not expired. */
    private Map<String, String> holders() {
        Map<String, String> holders = new ConcurrentHashMap<>();
        database.queryForList("SELECT name, holder FROM lease WHERE expires_at > now()")
                .forEach(row -> holders.put((String) row.get("name"), (String) row.get("holder")));
        return holders;
    }

    private static int nodeOf(String holder) {
        return Integer.parseInt(holder.substring("node-".length(), holder.indexOf('/')));
    }

    /** Sends each event to events.inbound of the broker as the publisher user; returns the ids the broker accepted. */
    private List<String> sendOverAmqp(ArtemisBroker broker, List<String> ids, String source) throws Exception {
        List<String> accepted = new ArrayList<>();
        try (Connection publisher = amqp(broker, ArtemisBroker.PUBLISHER_USER)) {
            Session session = publisher.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("events.inbound"));
            for (String id : ids) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(event(id, source).getBytes(StandardCharsets.UTF_8));
                ((AmqpJmsMessageFacade) ((JmsMessage) message).getFacade()).setContentType(Symbol.valueOf(STRUCTURED));
                // A persistent send returns once the broker has the message in its journal.
                producer.send(message);
                accepted.add(id);
            }
        }
        return accepted;
    }

    private Connection amqp(ArtemisBroker broker, String user) throws Exception {
        Connection connection = new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + broker.port())
                .createConnection();
        connection.start();
        return connection;
    }

    private static String event(String id, String source) {
        return HubClient.event(id, RESOURCE, "/organisation/974760673").replace("\"urn:budstikke:test\"", "\"" + source + "\"");
    }

    private Load startLoad(String name) {
        return new Load(name);
    }

    /**
     * Publish and delivery load over the nodes: three subscriptions, and three publishers that each send one event
     * at a time to the next node, and on a connection error or 503 send the same event to another node, as a
     * client behind a load balancer would.
     */
    private final class Load {

        final String source;
        final List<String> paths;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final Set<Integer> avoided = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Thread> publishers = new ArrayList<>();
        private final String token = issuer.token(OWNER);

        Load(String name) {
            source = "urn:budstikke:cluster:" + name;
            paths = DeliveryCrashIT.subscribe(client(0), token, receiver, "/" + name + "/", 3,
                    ",\"sourceFilter\":\"" + source + "\"");
            for (int p = 0; p < 3; p++) {
                String prefix = name + "-" + p + "-";
                int first = p;
                Thread publisher = new Thread(() -> {
                    for (int n = 0; !stopped.get(); n++) {
                        publish(prefix + n, first + n);
                        pace();
                    }
                }, "cluster-publisher-" + p);
                publisher.start();
                publishers.add(publisher);
            }
        }

        void avoid(int node) {
            avoided.add(node);
        }

        void allow(int node) {
            avoided.remove(node);
        }

        String publishOne() {
            String id = source + "-marker-" + UUID.randomUUID();
            publish(id, 0);
            return id;
        }

        private void publish(String id, int start) {
            String body = event(id, source);
            for (int attempt = 0; attempt < 120; attempt++) {
                int node = (start + attempt) % NODES;
                if (avoided.contains(node) && attempt < 119) {
                    continue;
                }
                try {
                    int status = client(node).publish(token, STRUCTURED, body).statusCode();
                    if (status == 201 || status == 200) {
                        acknowledged.add(id);
                        return;
                    }
                    if (status != 503) {
                        failures.add(id + ": " + status);
                        return;
                    }
                } catch (RuntimeException connectionFailed) {
                    // the node is down or went down under this request: try another
                }
                backOff();
            }
            failures.add(id + ": no node took it");
        }

        private void pace() {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void backOff() {
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread publisher : publishers) {
                publisher.join(60_000);
            }
        }

        void assertNothingMissedAndDuplicatesBounded(int inFlightBound) {
            DeliveryCrashIT.awaitEveryEventEverywhere(receiver, paths, acknowledged);
            int duplicates = receiver.duplicates(paths);
            int pushes = receiver.deliveredIds(paths).values().stream().mapToInt(List::size).sum();
            System.out.printf("HubClusterIT %s: %d events acknowledged, %d pushes, %d duplicates, %d failed publishes%n",
                    source, acknowledged.size(), pushes, duplicates, failures.size());
            assertThat(duplicates).as("duplicate pushes (bounded by what was in flight)").isLessThanOrEqualTo(inFlightBound);
            receiver.assertRepeatsKeepTheirWebhookId();
        }
    }
}
