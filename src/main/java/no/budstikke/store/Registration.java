package no.budstikke.store;

import java.time.OffsetDateTime;

/** The hub's receipt for a stored event; {@code created} is false when it was already stored before. */
public record Registration(String id, String source, OffsetDateTime registeredTime, long sequence, boolean created) {
}
