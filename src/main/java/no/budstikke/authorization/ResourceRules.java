package no.budstikke.authorization;

import java.util.Set;

/**
 * A resource as the built-in policy sees it: its owner, who else may publish to it, and which roles — held for an
 * event's subject or alternative subject — give read or subscribe access to its events.
 */
public record ResourceRules(String id, String owner, Set<String> publishers, Set<String> readRoles,
        Set<String> subscribeRoles) {

    public ResourceRules {
        publishers = Set.copyOf(publishers);
        readRoles = Set.copyOf(readRoles);
        subscribeRoles = Set.copyOf(subscribeRoles);
    }
}
