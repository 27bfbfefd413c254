package no.budstikke.store;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a consumer asks for: events of one resource (or, for the app views, every resource with a prefix)
 * after a sequence number, optionally narrowed by subject, alternative subject, type, source and time.
 */
public record EventQuery(
        String resource,
        boolean resourceIsPrefix,
        long after,
        String subject,
        String alternativeSubject,
        List<String> types,
        String sourcePrefix,
        OffsetDateTime from,
        OffsetDateTime to,
        int size) {

    public EventQuery {
        types = types == null ? List.of() : List.copyOf(types);
    }
}
