package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.budstikke.connector.ConnectorState;
import no.budstikke.connector.LegacyOutbox;
import no.budstikke.support.HubClient;
import no.budstikke.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The legacy outbox connector ({@code connector-outbox}) against a real PostgreSQL standing in for the legacy
 * system: rows become CloudEvents and are marked done with the checkpoint, bad rows are parked and passed, a lost
 * legacy commit re-publishes without storing twice, and a legacy database that is down is waited for.
 */
class OutboxConnectorIT extends HubIntegrationTest {

    private static final String ROUTE = "connector-outbox";
    private static final String SOURCE = "urn:budstikke:test:legacy-outbox";
    private static final String RESOURCE = "urn:altinn:resource:legacy-outbox-test";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static Path legacyDataDir;
    private static EmbeddedPostgres legacyDatabase;
    private static JdbcTemplate legacy;

    @Autowired
    private CamelContext camel;

    @Autowired
    private LegacyOutbox outbox;

    @Autowired
    private ConnectorState connectors;

    @BeforeAll
    static void startLegacyDatabase() throws IOException {
        legacyDataDir = Files.createTempDirectory("budstikke-legacy-");
        startLegacy();
        legacy.execute("""
                CREATE TABLE outbox (
                    id           bigserial   PRIMARY KEY,
                    event_type   text        NOT NULL,
                    subject      text,
                    payload      jsonb,
                    created      timestamptz NOT NULL DEFAULT now(),
                    published_at timestamptz,
                    parked_at    timestamptz
                );
                CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
                CREATE TABLE outbox_checkpoint (
                    connector text        PRIMARY KEY,
                    position  bigint      NOT NULL,
                    updated   timestamptz NOT NULL DEFAULT now()
                );
                -- Lets a test make the legacy commit fail after the hub has committed (a crash between the two).
                CREATE TABLE fail_checkpoint (on_purpose boolean);
                CREATE FUNCTION fail_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM fail_checkpoint) THEN
                        RAISE EXCEPTION 'legacy commit failed on purpose';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER fail_checkpoint BEFORE UPDATE ON outbox_checkpoint
                    FOR EACH ROW EXECUTE FUNCTION fail_checkpoint();
                """);
    }

    private static void startLegacy() throws IOException {
        legacyDatabase = EmbeddedPostgres.builder()
                .setPort(legacyDatabasePort())
                .setDataDirectory(legacyDataDir)
                .setCleanDataDirectory(false)
                .start();
        legacy = new JdbcTemplate(legacyDatabase.getPostgresDatabase());
    }

    @AfterAll
    static void stopLegacyDatabase() throws IOException {
        if (legacyDatabase != null) {
            legacyDatabase.close();
        }
    }

    @BeforeEach
    void startConnector() throws Exception {
        camel.getRouteController().startRoute(ROUTE);
    }

    @AfterEach
    void stopConnector() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
    }

    private long insert(String eventType, String subject, String payload) {
        return legacy.queryForObject("INSERT INTO outbox (event_type, subject, payload, created) "
                + "VALUES (?, ?, ?::jsonb, '2026-03-01T12:00:00.123456+01:00') RETURNING id", Long.class,
                eventType, subject, payload);
    }

    private Map<String, Object> row(long id) {
        return legacy.queryForMap("SELECT published_at, parked_at FROM outbox WHERE id = ?", id);
    }

    private boolean published(long id) {
        return row(id).get("published_at") != null;
    }

    private boolean parked(long id) {
        return row(id).get("parked_at") != null;
    }

    private long legacyCheckpoint() {
        return legacy.queryForObject("SELECT position FROM outbox_checkpoint WHERE connector = 'outbox'", Long.class);
    }

    private JsonNode stored(long id) {
        List<String> payloads = jdbc.queryForList("SELECT payload FROM event WHERE source = ? AND id = ?", String.class,
                SOURCE, Long.toString(id));
        assertThat(payloads).as("events stored for row %s", id).hasSize(1);
        return HubClient.parse(payloads.get(0));
    }

    private long storedCount(long id) {
        return storedCount(SOURCE, Long.toString(id));
    }

    @Test
    void rowsArePublishedThenMarkedDoneWithTheCheckpoint() {
        assertThat(camel.getRoute(ROUTE).isAutoStartup()).as("budstikke.connectors.outbox.enabled defaults to false")
                .isFalse();
        String kind = "sak.opprettet." + UUID.randomUUID().toString().substring(0, 8);
        long first = insert(kind, "/organisation/974760673", "{\"sak\": 1, \"belop\": 10.50}");
        long second = insert(kind, null, null);
        long third = insert(kind, "/person/01038712345", "[\"a\", {\"b\": true}]");

        // The connector marks the rows in the legacy database first, then moves its own checkpoint: wait for both.
        await().atMost(PATIENCE).until(() -> published(first) && published(second) && published(third)
                && connectors.checkpoint(LegacyOutbox.CONNECTOR).equals(Optional.of(Long.toString(third))));

        JsonNode event = stored(first);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("type").asText()).isEqualTo(kind);
        assertThat(event.get("resource").asText()).isEqualTo(RESOURCE);
        assertThat(event.get("subject").asText()).isEqualTo("/organisation/974760673");
        assertThat(event.get("time").asText()).isEqualTo("2026-03-01T11:00:00.123456Z");
        assertThat(event.get("data")).isEqualTo(HubClient.parse("{\"sak\": 1, \"belop\": 10.50}"));
        assertThat(stored(second).has("subject")).isFalse();
        assertThat(stored(second).has("data")).isFalse();
        assertThat(stored(third).get("data")).isEqualTo(HubClient.parse("[\"a\", {\"b\": true}]"));
        assertThat(parked(first) || parked(second) || parked(third)).isFalse();

        assertThat(legacyCheckpoint()).isEqualTo(third);
        assertThat(connectors.checkpoint(LegacyOutbox.CONNECTOR)).contains(Long.toString(third));
        JsonNode overview = HubClient.parse(hub.admin("GET", "/events/api/v1/admin/connectors", null).body());
        assertThat(overview.get("connectors")).anySatisfy(connector -> {
            assertThat(connector.get("connector").asText()).isEqualTo("outbox");
            assertThat(connector.get("position").asText()).isEqualTo(Long.toString(third));
        });
    }

    @Test
    void rowsPublishedAgainAfterALostLegacyCommitAreStoredOnce() {
        String kind = "sak.endret." + UUID.randomUUID().toString().substring(0, 8);
        long first = insert(kind, null, "{\"n\": 1}");
        long second = insert(kind, null, "{\"n\": 2}");
        await().atMost(PATIENCE).until(() -> published(first) && published(second));

        // As if the legacy commit had never happened: the connector reads and publishes both rows again.
        legacy.update("UPDATE outbox SET published_at = NULL WHERE id IN (?, ?)", first, second);
        await().atMost(PATIENCE).until(() -> published(first) && published(second));

        assertThat(storedCount(first)).isEqualTo(1);
        assertThat(storedCount(second)).isEqualTo(1);
    }

    @Test
    void legacyCommitFailingAfterTheHubCommitRepublishesWithoutDuplicates() {
        legacy.update("INSERT INTO fail_checkpoint VALUES (true)");
        try {
            String kind = "sak.lukket." + UUID.randomUUID().toString().substring(0, 8);
            long row = insert(kind, null, "{\"n\": 3}");

            // The hub commits, then the legacy commit fails: the row stays as it was and is tried again.
            await().atMost(PATIENCE).until(() -> storedCount(row) == 1 && outbox.consecutiveFailures() >= 2);
            assertThat(published(row)).isFalse();

            legacy.update("DELETE FROM fail_checkpoint");
            // The failure count is reset just after the legacy commit that marks the row: wait for both.
            await().atMost(PATIENCE).until(() -> published(row) && outbox.consecutiveFailures() == 0);
            assertThat(storedCount(row)).isEqualTo(1);
        } finally {
            legacy.update("DELETE FROM fail_checkpoint");
        }
    }

    @Test
    void badRowIsParkedAndTheRestArePublished() {
        String kind = "sak.arkivert." + UUID.randomUUID().toString().substring(0, 8);
        long before = insert(kind, null, "{\"n\": 1}");
        long noType = insert("", null, "{\"n\": 2}");
        long longSubject = insert(kind, "/person/" + "1".repeat(600), "{\"n\": 3}");
        long after = insert(kind, null, "{\"n\": 4}");

        await().atMost(PATIENCE).until(() -> published(before) && published(after) && parked(noType) && parked(longSubject));

        assertThat(published(noType) || published(longSubject)).isFalse();
        assertThat(storedCount(noType) + storedCount(longSubject)).isZero();
        assertThat(storedCount(before) + storedCount(after)).isEqualTo(2);
        assertThat(legacyCheckpoint()).isEqualTo(after);

        JsonNode parked = HubClient.parse(hub.admin("GET",
                "/events/api/v1/admin/connectors/parked?connector=outbox&size=1000", null).body()).get("parked");
        assertThat(parked).anySatisfy(entry -> {
            assertThat(entry.get("entryKey").asText()).isEqualTo(Long.toString(noType));
            assertThat(entry.get("reason").asText()).contains("event_type");
        });
        assertThat(parked).anySatisfy(entry -> {
            assertThat(entry.get("entryKey").asText()).isEqualTo(Long.toString(longSubject));
            assertThat(entry.get("reason").asText()).contains("subject");
        });
        JsonNode overview = HubClient.parse(hub.admin("GET", "/events/api/v1/admin/connectors", null).body());
        assertThat(overview.get("connectors")).anySatisfy(connector -> {
            assertThat(connector.get("connector").asText()).isEqualTo("outbox");
            assertThat(connector.get("parked").asLong()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void legacyDatabaseThatIsDownIsRetriedAndNothingIsLost() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
        String kind = "sak.flyttet." + UUID.randomUUID().toString().substring(0, 8);
        long first = insert(kind, null, "{\"n\": 1}");
        long second = insert(kind, null, "{\"n\": 2}");
        legacyDatabase.close();
        try {
            camel.getRouteController().startRoute(ROUTE);

            await().atMost(PATIENCE).until(() -> outbox.consecutiveFailures() >= 2);
            assertThat(storedCount(first) + storedCount(second)).isZero();
        } finally {
            startLegacy();
        }

        await().atMost(PATIENCE).until(() -> published(first) && published(second) && outbox.consecutiveFailures() == 0);
        assertThat(storedCount(first)).isEqualTo(1);
        assertThat(storedCount(second)).isEqualTo(1);
    }
}
