package no.budstikke.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

/** The rollup's hour keys, kept from one event to the next, are those of truncating each event's time. */
class EventAnalyticsHourTest {

    @Test
    void eachInstantGetsItsOwnHourWhateverCameBefore() {
        String[] instants = {"2026-12-01T00:59:59.999999Z", "2026-12-01T01:00:00Z", "2026-12-01T00:00:00Z",
                "2026-12-01T00:30:00Z", "1969-12-31T23:59:59.5Z", "1970-01-01T00:00:00Z", "2026-11-30T23:10:00Z"};
        for (int round = 0; round < 2; round++) {
            for (String text : instants) {
                Instant at = Instant.parse(text);
                assertThat(EventAnalytics.hour(at)).as(text).isEqualTo(at.truncatedTo(ChronoUnit.HOURS).toString());
            }
        }
    }
}
