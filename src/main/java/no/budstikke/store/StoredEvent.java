package no.budstikke.store;

import java.time.OffsetDateTime;

/** An event read back from the store: its exact JSON text and the attributes authorization looks at. */
public record StoredEvent(long sequence, OffsetDateTime registeredTime, String resource, String subject,
        String alternativeSubject, String payload) {
}
