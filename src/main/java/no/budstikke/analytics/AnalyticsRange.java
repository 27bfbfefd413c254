package no.budstikke.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The time a report covers: buckets of an hour or a day (UTC) from {@code from} (inclusive) to {@code to}
 * (exclusive), both on bucket boundaries.
 */
public record AnalyticsRange(String period, Instant from, Instant to) {

    public static final String HOUR = "hour";
    public static final String DAY = "day";

    /** The range of whole buckets that covers [from, to). */
    public static AnalyticsRange covering(String period, Instant from, Instant to) {
        ChronoUnit unit = DAY.equals(period) ? ChronoUnit.DAYS : ChronoUnit.HOURS;
        Instant start = from.truncatedTo(unit);
        Instant end = to.truncatedTo(unit);
        if (end.isBefore(to) || !end.isAfter(start)) {
            end = end.plus(1, unit);
        }
        return new AnalyticsRange(period, start, end);
    }

    OffsetDateTime fromTime() {
        return OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
    }

    OffsetDateTime toTime() {
        return OffsetDateTime.ofInstant(to, ZoneOffset.UTC);
    }
}
