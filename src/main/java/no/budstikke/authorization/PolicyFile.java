package no.budstikke.authorization;

import java.util.List;

/**
 * The built-in policy as written in {@code config/authorization.yaml}: resources with their owner, publishers,
 * readers and reading roles, and role assignments (holder has role for party).
 */
public record PolicyFile(List<ResourcePolicy> resources, List<RoleAssignment> roleAssignments) {

    public PolicyFile {
        resources = resources == null ? List.of() : List.copyOf(resources);
        roleAssignments = roleAssignments == null ? List.of() : List.copyOf(roleAssignments);
    }

    public record ResourcePolicy(String id, String owner, List<String> publishers, List<String> readers,
            List<String> roles) {

        public ResourcePolicy {
            publishers = publishers == null ? List.of() : List.copyOf(publishers);
            readers = readers == null ? List.of() : List.copyOf(readers);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    public record RoleAssignment(String holder, String role, String party) {
    }
}
