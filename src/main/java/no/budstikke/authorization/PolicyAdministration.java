package no.budstikke.authorization;

import java.util.List;
import java.util.Optional;

/**
 * Changes to the built-in policy, as the admin API makes them: each is stored, then announced so that every
 * node's decision point and decision cache take it at once.
 */
public final class PolicyAdministration {

    private final AuthorizationStore store;
    private final AuthorizationChanges changes;

    public PolicyAdministration(AuthorizationStore store, AuthorizationChanges changes) {
        this.store = store;
        this.changes = changes;
    }

    public List<ResourceRules> resources() {
        return store.resources();
    }

    public Optional<ResourceRules> resource(String id) {
        return store.resource(id);
    }

    /** True when the resource is new. */
    public boolean putResource(ResourceRules resource) {
        boolean created = store.putResource(resource);
        changes.resourceChanged(resource.id());
        return created;
    }

    public boolean deleteResource(String id) {
        boolean deleted = store.deleteResource(id);
        if (deleted) {
            changes.resourceChanged(id);
        }
        return deleted;
    }

    public List<RoleAssignment> roleAssignments(String holder, String party, RoleAssignment after, int limit) {
        return store.roleAssignments(holder, party, after, limit);
    }

    /** True when the assignment is new. */
    public boolean assign(RoleAssignment assignment) {
        boolean added = store.addRole(assignment);
        changes.identityChanged(assignment.holder());
        return added;
    }

    public boolean revoke(RoleAssignment assignment) {
        boolean removed = store.removeRole(assignment);
        if (removed) {
            changes.identityChanged(assignment.holder());
        }
        return removed;
    }

    public List<Grant> grants(String holder, String resource) {
        return store.grants(holder, resource);
    }

    /** True when the grant is new. */
    public boolean grant(Grant grant) {
        boolean added = store.addGrant(grant);
        changes.identityChanged(grant.holder());
        return added;
    }

    public boolean withdraw(Grant grant) {
        boolean removed = store.removeGrant(grant);
        if (removed) {
            changes.identityChanged(grant.holder());
        }
        return removed;
    }
}
