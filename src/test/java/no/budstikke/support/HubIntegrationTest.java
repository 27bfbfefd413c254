package no.budstikke.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: one hub per test JVM on the real embedded PostgreSQL and the real embedded
 * Artemis, in a fresh data directory, reached over real HTTP on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@Import(TestResolver.class)
public abstract class HubIntegrationTest {

    private static final Path DATA_DIR;
    private static final int AMQP_PORT;
    /** The integrator's routes directory of the tests' hub (IntegratorRoutesIT writes route files into it). */
    protected static final Path ROUTES_DIR;
    protected static final String BROKER_PASSWORD = "it-" + java.util.UUID.randomUUID();
    /** An amqp: subscription queue the broker user it-reader (identity /org/test, queues test.amqp.*) may read. */
    protected static final String AMQP_READER_QUEUE = "test.amqp.reader";
    /** The queue /org/skd's broker user it-skd reads by its exact name (its other queues are skd.*). */
    protected static final String SKD_EXACT_QUEUE = "skattemelding.inbox";
    private static final int AMQPS_PORT;
    /** The broker's TLS certificate chain, signed by a CA the tests make; its trust store trusts only that CA. */
    protected static final TestCertificates CERTIFICATES;
    /** Two more queues of it-reader (by its prefix), for PlainAmqpClientIT (one to read, one whose lifetime it follows). */
    protected static final String AMQP_PLAIN_QUEUE = "test.amqp.plain";
    protected static final String AMQP_LIFETIME_QUEUE = "test.amqp.lifetime";
    private static final int FEED_PORT;
    private static final int LEGACY_DB_PORT;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("budstikke-it-");
            AMQP_PORT = FreePorts.take();
            AMQPS_PORT = FreePorts.take();
            CERTIFICATES = TestCertificates.create(Files.createTempDirectory("budstikke-it-tls-"));
            ROUTES_DIR = Files.createTempDirectory("budstikke-it-routes-");
            FEED_PORT = FreePorts.take();
            LEGACY_DB_PORT = FreePorts.take();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("budstikke.data-dir", DATA_DIR::toString);
        registry.add("budstikke.broker.amqp-port", () -> AMQP_PORT);
        registry.add("budstikke.broker.amqps.enabled", () -> true);
        registry.add("budstikke.broker.amqps.host", () -> "127.0.0.1");
        registry.add("budstikke.broker.amqps.port", () -> AMQPS_PORT);
        registry.add("budstikke.broker.amqps.key-store", () -> CERTIFICATES.serverKeyStore().toString());
        registry.add("budstikke.broker.amqps.key-store-password", () -> TestCertificates.SERVER_PASSWORD);
        registry.add("budstikke.routes.directory", ROUTES_DIR::toString);
        // Broker users of the tests: a publisher; /org/test's reader of its amqp: subscription queues (test.amqp.* and
        // test.dispatch); one who may neither; and /org/skd's reader (skd.* and one exact name), which never connects.
        registry.add("budstikke.broker.users[0].username", () -> "it-publisher");
        registry.add("budstikke.broker.users[0].password", () -> BROKER_PASSWORD);
        registry.add("budstikke.broker.users[0].publisher", () -> "/org/test");
        registry.add("budstikke.broker.users[1].username", () -> "it-reader");
        registry.add("budstikke.broker.users[1].password", () -> BROKER_PASSWORD);
        registry.add("budstikke.broker.users[1].identity", () -> "/org/test");
        registry.add("budstikke.broker.users[1].queues[0]", () -> "test.amqp.*");
        registry.add("budstikke.broker.users[1].queues[1]", () -> "test.dispatch");
        registry.add("budstikke.broker.users[2].username", () -> "it-nobody");
        registry.add("budstikke.broker.users[2].password", () -> BROKER_PASSWORD);
        registry.add("budstikke.broker.users[3].username", () -> "it-skd");
        registry.add("budstikke.broker.users[3].password", () -> BROKER_PASSWORD);
        registry.add("budstikke.broker.users[3].identity", () -> "/org/skd");
        registry.add("budstikke.broker.users[3].queues[0]", () -> "skd.*");
        registry.add("budstikke.broker.users[3].queues[1]", () -> SKD_EXACT_QUEUE);
        registry.add("budstikke.routes.scan-interval", () -> "PT0.5S");
        // AnalyticsIT dates its events in 2025 and replays them: the timed forgetting of per-instance detail that old
        // (first run 5 min after start) would make the replay count them again. AnalyticsIT forgets by itself.
        registry.add("budstikke.analytics.upkeep-delay", () -> "PT24H");
        registry.add("budstikke.authorization.policy-file", () -> "src/test/resources/test-policy.yaml");
        // Short, so that a policy change made behind the hub's back shows within a test's patience.
        registry.add("budstikke.authorization.cache.ttl", () -> "PT3S");
        // The subscribers' hosts the tests use; TestResolver maps them to 127.0.0.1, so nothing leaves the machine.
        registry.add("budstikke.delivery.allowed-private-hosts",
                () -> "localhost,127.0.0.1,nav.example,party.example,x.example");
        // The shipped connectors stay off; a connector test starts its route against a fake feed on this port.
        String feed = "http://127.0.0.1:" + FEED_PORT;
        for (String connector : new String[] {"brreg", "folkeregisteret"}) {
            registry.add("budstikke.connectors." + connector + ".url", () -> feed);
            registry.add("budstikke.connectors." + connector + ".interval", () -> "PT0.2S");
            registry.add("budstikke.connectors." + connector + ".backoff-first", () -> "PT0.3S");
            registry.add("budstikke.connectors." + connector + ".backoff-max", () -> "PT2S");
            registry.add("budstikke.connectors." + connector + ".timeout", () -> "PT5S");
        }
        // The legacy outbox connector's own database: OutboxConnectorIT starts (and stops) a PostgreSQL on this port.
        // The connector's route stays stopped unless a test starts it, and it connects only when it polls.
        registry.add("budstikke.connectors.outbox.datasource.url",
                () -> "jdbc:postgresql://127.0.0.1:" + LEGACY_DB_PORT + "/postgres");
        registry.add("budstikke.connectors.outbox.datasource.username", () -> "postgres");
        registry.add("budstikke.connectors.outbox.datasource.connect-timeout", () -> "PT1S");
        registry.add("budstikke.connectors.outbox.source", () -> "urn:budstikke:test:legacy-outbox");
        registry.add("budstikke.connectors.outbox.resource", () -> "urn:altinn:resource:legacy-outbox-test");
        registry.add("budstikke.connectors.outbox.publisher", () -> "/org/legacy");
        registry.add("budstikke.connectors.outbox.poll-interval", () -> "200ms");
        registry.add("budstikke.connectors.outbox.backoff.initial", () -> "PT0.2S");
        registry.add("budstikke.connectors.outbox.backoff.max", () -> "PT1S");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected HubClient hub;

    @BeforeEach
    void connect() {
        hub = new HubClient("http://127.0.0.1:" + port);
    }

    /** Creates a subscription as {@code owner} and waits until its endpoint is validated; returns the 201 body. */
    protected com.fasterxml.jackson.databind.JsonNode activeSubscription(String owner, java.util.Map<String, Object> body) {
        var response = hub.post("/events/api/v1/subscriptions", hub.token(owner), java.util.Map.of("Content-Type",
                "application/json"), HubClient.json(body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var created = HubClient.parse(response.body());
        String id = created.get("id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> "active".equals(
                HubClient.parse(hub.get(hub.token(owner), "/events/api/v1/subscriptions/" + id).body()).get("status").asText()));
        return created;
    }

    /** The port the legacy outbox connector expects its (test-owned) PostgreSQL on. */
    protected static int legacyDatabasePort() {
        return LEGACY_DB_PORT;
    }

    /** The port of the embedded broker's AMQP 1.0 acceptor. */
    protected static int amqpPort() {
        return AMQP_PORT;
    }

    /** The port of the embedded broker's AMQPS (TLS) acceptor. */
    protected static int amqpsPort() {
        return AMQPS_PORT;
    }

    /** The port the connectors' fake feed (WireMock on 127.0.0.1) listens on; the connectors are pointed at it. */
    protected static int feedPort() {
        return FEED_PORT;
    }

    protected long storedCount(String source, String id) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM event WHERE source = ? AND id = ?", Long.class, source, id);
        return count == null ? 0 : count;
    }

    protected long storedCountForResource(String resource) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM event WHERE resource = ?", Long.class, resource);
        return count == null ? 0 : count;
    }
}
