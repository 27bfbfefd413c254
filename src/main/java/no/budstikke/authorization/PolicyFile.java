package no.budstikke.authorization;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in policy as written in {@code config/authorization.yaml}: resources with their owner, publishers,
 * readers and roles, and role assignments (holder has role for party). It seeds the database at start.
 */
public record PolicyFile(List<ResourcePolicy> resources, List<RoleAssignment> roleAssignments) {

    public PolicyFile {
        resources = resources == null ? List.of() : List.copyOf(resources);
        roleAssignments = roleAssignments == null ? List.of() : List.copyOf(roleAssignments);
    }

    /**
     * {@code readers} are granted every event of the resource; {@code roles} give both read and subscribe access
     * for an event's subject, {@code readRoles} and {@code subscribeRoles} only the one.
     */
    public record ResourcePolicy(String id, String owner, List<String> publishers, List<String> readers,
            List<String> roles, List<String> readRoles, List<String> subscribeRoles) {

        public ResourcePolicy {
            publishers = publishers == null ? List.of() : List.copyOf(publishers);
            readers = readers == null ? List.of() : List.copyOf(readers);
            roles = roles == null ? List.of() : List.copyOf(roles);
            readRoles = readRoles == null ? List.of() : List.copyOf(readRoles);
            subscribeRoles = subscribeRoles == null ? List.of() : List.copyOf(subscribeRoles);
        }

        public ResourceRules rules() {
            Set<String> read = new HashSet<>(roles);
            read.addAll(readRoles);
            Set<String> subscribe = new HashSet<>(roles);
            subscribe.addAll(subscribeRoles);
            return new ResourceRules(id, owner, Set.copyOf(publishers), read, subscribe);
        }
    }

    public record RoleAssignment(String holder, String role, String party) {
    }
}
