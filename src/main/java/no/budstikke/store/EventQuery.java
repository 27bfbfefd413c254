package no.budstikke.store;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a consumer asks for: events of one resource (or, for the app views, every resource with a prefix)
 * after a sequence number, optionally narrowed by subject, alternative subject (any of a few spellings), type,
 * source prefix (any of several) and time.
 */
public record EventQuery(
        String resource,
        boolean resourceIsPrefix,
        long after,
        String subject,
        List<String> alternativeSubjects,
        List<String> types,
        List<String> sourcePrefixes,
        OffsetDateTime from,
        OffsetDateTime to,
        int size) {

    public EventQuery {
        types = types == null ? List.of() : List.copyOf(types);
        alternativeSubjects = alternativeSubjects == null ? List.of() : List.copyOf(alternativeSubjects);
        sourcePrefixes = sourcePrefixes == null ? List.of() : List.copyOf(sourcePrefixes);
    }
}
