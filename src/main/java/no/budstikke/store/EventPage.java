package no.budstikke.store;

import java.util.List;

/** One page of a cursor query; {@code lastSequence} is where the next page starts, even if the page is empty. */
public record EventPage(List<StoredEvent> events, long lastSequence) {
}
