package no.budstikke.authorization;

import java.time.Instant;

/**
 * One refusal, as the audit log keeps it: where it was enforced ({@code publish}, {@code query},
 * {@code subscribe}, {@code push}), who was refused what, on which resource and subject. Never the event's data.
 */
public record Denial(Instant at, String point, String identity, String action, String resource, String subject,
        String alternativeSubject, String eventId) {

    public static Denial of(String point, Identity identity, String action, EventAccess event, String eventId) {
        return new Denial(Instant.now(), point, identity.value(), action, event.resource(), event.subject(),
                event.alternativeSubject(), eventId);
    }
}
