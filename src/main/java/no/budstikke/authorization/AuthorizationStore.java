package no.budstikke.authorization;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The built-in policy in PostgreSQL: resources, role assignments and grants. */
public class AuthorizationStore implements RoleDirectory {

    private static final String RESOURCE_COLUMNS = "id, owner, publishers, read_roles, subscribe_roles";
    private static final String UPSERT_RESOURCE = "INSERT INTO authz_resource (" + RESOURCE_COLUMNS + ", updated) "
            + "VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, "
            + "publishers = excluded.publishers, read_roles = excluded.read_roles, "
            + "subscribe_roles = excluded.subscribe_roles, updated = now()";
    private static final String SEED_RESOURCE = "INSERT INTO authz_resource (" + RESOURCE_COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    private static final String ROLES_OF_PAIRS = "SELECT a.holder, a.party, a.role FROM authz_role_assignment a "
            + "JOIN unnest(?::text[], ?::text[]) AS q(holder, party) ON a.holder = q.holder AND a.party = q.party";
    private static final RowMapper<ResourceRules> RESOURCE = (rs, row) -> new ResourceRules(rs.getString("id"),
            rs.getString("owner"), set(rs.getArray("publishers")), set(rs.getArray("read_roles")),
            set(rs.getArray("subscribe_roles")));
    private static final RowMapper<RoleAssignment> ROLE = (rs, row) -> new RoleAssignment(rs.getString("holder"),
            rs.getString("role"), rs.getString("party"));
    private static final RowMapper<Grant> GRANT = (rs, row) -> new Grant(rs.getString("holder"), rs.getString("resource"));

    private final JdbcTemplate jdbc;

    public AuthorizationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Resources and grants, read together, for the decision point's memory. */
    public PolicySnapshot snapshot() {
        return new PolicySnapshot(resources(), jdbc.query("SELECT holder, resource FROM authz_grant", GRANT));
    }

    @Override
    public Map<HolderParty, Set<String>> roles(Collection<HolderParty> pairs) {
        Map<HolderParty, Set<String>> roles = new HashMap<>();
        if (pairs.isEmpty()) {
            return roles;
        }
        String[] holders = pairs.stream().map(HolderParty::holder).toArray(String[]::new);
        String[] parties = pairs.stream().map(HolderParty::party).toArray(String[]::new);
        jdbc.query(connection -> {
            var query = connection.prepareStatement(ROLES_OF_PAIRS);
            query.setArray(1, connection.createArrayOf("text", holders));
            query.setArray(2, connection.createArrayOf("text", parties));
            return query;
        }, (ResultSet rs) -> {
            roles.computeIfAbsent(new HolderParty(rs.getString(1), rs.getString(2)), k -> new HashSet<>()).add(rs.getString(3));
        });
        return roles;
    }

    // --- resources ------------------------------------------------------------------------------------------------

    public List<ResourceRules> resources() {
        return jdbc.query("SELECT " + RESOURCE_COLUMNS + " FROM authz_resource ORDER BY id", RESOURCE);
    }

    public Optional<ResourceRules> resource(String id) {
        return jdbc.query("SELECT " + RESOURCE_COLUMNS + " FROM authz_resource WHERE id = ?", RESOURCE, id).stream().findFirst();
    }

    /** Creates or replaces the resource; true when it is new. */
    public boolean putResource(ResourceRules resource) {
        boolean existed = resource(resource.id()).isPresent();
        writeResource(UPSERT_RESOURCE, resource);
        return !existed;
    }

    public boolean deleteResource(String id) {
        return jdbc.update("DELETE FROM authz_resource WHERE id = ?", id) == 1;
    }

    // --- role assignments -----------------------------------------------------------------------------------------

    /** True when the assignment is new. */
    public boolean addRole(RoleAssignment assignment) {
        return jdbc.update("INSERT INTO authz_role_assignment (holder, party, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                assignment.holder(), assignment.party(), assignment.role()) == 1;
    }

    public boolean removeRole(RoleAssignment assignment) {
        return jdbc.update("DELETE FROM authz_role_assignment WHERE holder = ? AND party = ? AND role = ?",
                assignment.holder(), assignment.party(), assignment.role()) == 1;
    }

    /** The assignments of a holder, or for a party; at most {@code limit}, in a stable order, after the given one. */
    public List<RoleAssignment> roleAssignments(String holder, String party, RoleAssignment after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT holder, party, role FROM authz_role_assignment WHERE true");
        List<Object> args = new java.util.ArrayList<>();
        if (holder != null) {
            sql.append(" AND holder = ?");
            args.add(holder);
        }
        if (party != null) {
            sql.append(" AND party = ?");
            args.add(party);
        }
        if (after != null) {
            sql.append(" AND (holder, party, role) > (?, ?, ?)");
            args.addAll(List.of(after.holder(), after.party(), after.role()));
        }
        sql.append(" ORDER BY holder, party, role LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ROLE, args.toArray());
    }

    // --- grants ---------------------------------------------------------------------------------------------------

    public boolean addGrant(Grant grant) {
        return jdbc.update("INSERT INTO authz_grant (holder, resource) VALUES (?, ?) ON CONFLICT DO NOTHING",
                grant.holder(), grant.resource()) == 1;
    }

    public boolean removeGrant(Grant grant) {
        return jdbc.update("DELETE FROM authz_grant WHERE holder = ? AND resource = ?", grant.holder(), grant.resource()) == 1;
    }

    public List<Grant> grants(String holder, String resource) {
        return jdbc.query("SELECT holder, resource FROM authz_grant WHERE (?::text IS NULL OR holder = ?) "
                + "AND (?::text IS NULL OR resource = ?) ORDER BY resource, holder", GRANT, holder, holder, resource, resource);
    }

    // --- seeding --------------------------------------------------------------------------------------------------

    /**
     * Adds what the policy file lists and the database lacks; never changes or removes what is there, so the admin
     * API's changes survive a restart. Returns how many rows were added.
     */
    public int seed(PolicyFile policy) {
        int added = 0;
        for (PolicyFile.ResourcePolicy resource : policy.resources()) {
            added += writeResource(SEED_RESOURCE, resource.rules());
            for (String reader : resource.readers()) {
                added += addGrant(new Grant(reader, resource.id())) ? 1 : 0;
            }
        }
        for (PolicyFile.RoleAssignment assignment : policy.roleAssignments()) {
            added += addRole(new RoleAssignment(assignment.holder(), assignment.role(), assignment.party())) ? 1 : 0;
        }
        return added;
    }

    private int writeResource(String sql, ResourceRules resource) {
        return jdbc.update(connection -> {
            var statement = connection.prepareStatement(sql);
            statement.setString(1, resource.id());
            statement.setString(2, resource.owner());
            statement.setArray(3, connection.createArrayOf("text", sorted(resource.publishers())));
            statement.setArray(4, connection.createArrayOf("text", sorted(resource.readRoles())));
            statement.setArray(5, connection.createArrayOf("text", sorted(resource.subscribeRoles())));
            return statement;
        });
    }

    private static Object[] sorted(Set<String> values) {
        return values.stream().sorted().toArray();
    }

    private static Set<String> set(Array array) throws SQLException {
        return array == null ? Set.of() : new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
    }
}
