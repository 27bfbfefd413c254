package no.budstikke.connector;

import java.time.OffsetDateTime;

/** One row of a legacy system's outbox table, as the legacy outbox connector reads it. */
public record OutboxRow(long id, String eventType, String subject, String payload, OffsetDateTime created) {
}
