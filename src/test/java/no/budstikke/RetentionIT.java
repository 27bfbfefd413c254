package no.budstikke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

import no.budstikke.store.EventPartitions;
import no.budstikke.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Retention drops whole monthly partitions, never rows, and keeps the months still inside retention. */
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

    private static String name(YearMonth month) {
        return String.format("event_%04d_%02d", month.getYear(), month.getMonthValue());
    }
}
