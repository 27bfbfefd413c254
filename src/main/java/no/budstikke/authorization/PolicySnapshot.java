package no.budstikke.authorization;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The small, often-read part of the built-in policy, held in memory and replaced whole when it changes: the
 * resources and the grants.
 */
public final class PolicySnapshot {

    private final Map<String, ResourceRules> resources;
    private final Map<String, Set<String>> grantsByHolder;

    public PolicySnapshot(Collection<ResourceRules> resources, Collection<Grant> grants) {
        Map<String, ResourceRules> byId = new HashMap<>();
        resources.forEach(resource -> byId.put(resource.id(), resource));
        Map<String, Set<String>> byHolder = new HashMap<>();
        grants.forEach(grant -> byHolder.computeIfAbsent(grant.holder(), h -> new HashSet<>()).add(grant.resource()));
        this.resources = Map.copyOf(byId);
        this.grantsByHolder = Map.copyOf(byHolder);
    }

    public static PolicySnapshot empty() {
        return new PolicySnapshot(Set.of(), Set.of());
    }

    public ResourceRules resource(String id) {
        return resources.get(id);
    }

    public boolean hasGrant(String holder, String resource) {
        Set<String> granted = grantsByHolder.get(holder);
        return granted != null && granted.contains(resource);
    }
}
