package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

import no.budstikke.delivery.DeliveryLog;
import no.budstikke.store.EventPartitions;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention drops whole monthly partitions, never rows, and keeps the months still inside retention; deliveries
 * of dropped events and old log lines go too.
 */
class RetentionIT extends HubIntegrationTest {

    @Autowired
    EventPartitions partitions;

    @Test
    void partitionsAheadExistAndExpiredMonthsAreDroppedWhole() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        assertThat(partitions.partitions()).contains(name(now), name(now.plusMonths(1)), name(now.plusMonths(2)));

        YearMonth old = YearMonth.of(2020, 1);
        partitions.ensure(old);
        jdbc.update("""
                INSERT INTO event (seq, registered_at, source, id, type, resource, content_hash, payload)
                VALUES (nextval('event_seq'), '2020-01-15T00:00:00Z', 'urn:old', 'old-1', 't', 'urn:x:y', 'h', '{}')""");
        assertThat(storedCount("urn:old", "old-1")).isEqualTo(1);

        var dropped = partitions.dropEndingBefore(OffsetDateTime.now(ZoneOffset.UTC).minusDays(90));

        assertThat(dropped).containsExactly("event_2020_01");
        assertThat(partitions.partitions()).doesNotContain("event_2020_01").contains(name(now));
        assertThat(storedCount("urn:old", "old-1")).isZero();
    }

    @Autowired
    DeliveryLog deliveryLog;

    @Autowired
    no.budstikke.authorization.AuditLog auditLog;

    @Test
    void deliveriesOfExpiredEventsAreForgottenAndRecentOnesKept() {
        // A subscription no event matches (its own subject), made through the API; its log lines are the fixture.
        String number = activeSubscription("/org/test", java.util.Map.of("endPoint", "amqp:test.amqp.retention",
                "resourceFilter", "urn:altinn:resource:test-load",
                "subjectFilter", "/party/retention-" + java.util.UUID.randomUUID())).get("id").asText();
        java.util.UUID subscription = jdbc.queryForObject("SELECT id FROM subscription WHERE number = ?::bigint",
                java.util.UUID.class, number);
        jdbc.update("""
                INSERT INTO event (seq, registered_at, source, id, type, resource, content_hash, payload)
                VALUES (nextval('event_seq'), now(), 'urn:retention', ?, 't', 'urn:x:y', 'h', '{}')""",
                subscription.toString());
        jdbc.update("INSERT INTO delivery_job (event_seq, subscription_id, status) VALUES (0, ?, 'delivered')", subscription);
        jdbc.update("INSERT INTO delivery_attempt (subscription_id, event_seq, event_id, attempt, at, outcome) "
                + "VALUES (?, 0, 'old', 1, '2020-01-15T00:00:00Z', 'delivered'), (?, 0, 'new', 1, now(), 'delivered')",
                subscription, subscription);

        deliveryLog.forgetBefore(OffsetDateTime.now(ZoneOffset.UTC).minusDays(90));

        assertThat(jdbc.queryForList("SELECT event_id FROM delivery_attempt WHERE subscription_id = ?", String.class,
                subscription)).containsExactly("new");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery_job WHERE subscription_id = ?", Long.class,
                subscription)).isZero();
        assertThat(hub.request("DELETE", "/events/api/v1/subscriptions/" + number, hub.token("/org/test"), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void auditLinesOlderThanTheRetentionAreForgotten() {
        String identity = "/org/retention-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO authz_audit (at, point, identity, action, resource) VALUES "
                + "('2020-01-15T00:00:00Z', 'query', ?, 'read', 'urn:x:y'), (now(), 'query', ?, 'read', 'urn:x:y')",
                identity, identity);

        auditLog.forgetBefore(OffsetDateTime.now(ZoneOffset.UTC).minusDays(90));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM authz_audit WHERE identity = ?", Long.class, identity))
                .isEqualTo(1L);
    }

    private static String name(YearMonth month) {
        return String.format("event_%04d_%02d", month.getYear(), month.getMonthValue());
    }
}
