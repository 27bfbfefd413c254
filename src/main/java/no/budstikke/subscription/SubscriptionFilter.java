package no.budstikke.subscription;

/**
 * Which events a subscription wants: one resource, optionally narrowed by a source prefix, an exact subject and
 * alternative subject, and a type that is exact or a prefix ending in {@code *}.
 */
public record SubscriptionFilter(String resource, String sourcePrefix, String subject, String alternativeSubject,
        String type) {
}
