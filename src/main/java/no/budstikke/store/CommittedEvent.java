package no.budstikke.store;

import java.time.OffsetDateTime;

/**
 * A committed event as the readers that follow the event table in sequence order see it (the dispatcher, the
 * analytics): the indexed attributes, and the payload and the publish's trace context when the reader asked for them.
 */
public record CommittedEvent(long seq, String resource, String source, String type, String subject,
        String alternativeSubject, String id, String payload, OffsetDateTime registeredAt, OffsetDateTime time,
        String traceparent) {
}
