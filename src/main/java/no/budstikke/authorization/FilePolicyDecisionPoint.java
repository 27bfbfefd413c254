package no.budstikke.authorization;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The first built-in policy, held in memory from the policy file: the owner and the listed readers may read
 * every event of a resource, the owner and listed publishers may publish, and a party may read events whose
 * subject or alternative subject is itself.
 */
public final class FilePolicyDecisionPoint implements PolicyDecisionPoint {

    private final Map<String, Rules> rules = new HashMap<>();

    public FilePolicyDecisionPoint(PolicyFile policy) {
        for (PolicyFile.ResourcePolicy resource : policy.resources()) {
            Set<String> publishers = new HashSet<>(resource.publishers());
            publishers.add(resource.owner());
            Set<String> readers = new HashSet<>(resource.readers());
            readers.add(resource.owner());
            rules.put(resource.id(), new Rules(Set.copyOf(publishers), Set.copyOf(readers)));
        }
    }

    @Override
    public boolean mayPublish(Identity publisher, String resource) {
        Rules resourceRules = rules.get(resource);
        return resourceRules != null && resourceRules.publishers.contains(publisher.value());
    }

    @Override
    public boolean mayRead(Identity reader, EventAccess event) {
        Rules resourceRules = rules.get(event.resource());
        if (resourceRules != null && resourceRules.readers.contains(reader.value())) {
            return true;
        }
        return reader.value().equals(event.subject()) || reader.value().equals(event.alternativeSubject());
    }

    @Override
    public boolean mayReadAll(Identity reader, String resource) {
        Rules resourceRules = rules.get(resource);
        return resourceRules != null && resourceRules.readers.contains(reader.value());
    }

    private record Rules(Set<String> publishers, Set<String> readers) {
    }
}
