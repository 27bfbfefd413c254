package no.budstikke.ingress.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.AuditLog;
import no.budstikke.authorization.Grant;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PolicyAdministration;
import no.budstikke.authorization.ResourceRules;
import no.budstikke.authorization.RoleAssignment;
import no.budstikke.connector.ConnectorState;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;
import no.budstikke.web.InvalidQueryException;
import no.budstikke.web.NotFoundException;
import org.apache.camel.Exchange;

/**
 * The HTTP edge of the admin API, one method per operation of {@code ingress/AdminApiRoutes}: reads the request,
 * calls the policy administration, the audit log or the connectors' state, and writes the answer. The admin scope
 * is checked by Spring Security before a request gets here.
 */
public final class AdminExchanges {

    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern RESOURCE = Pattern.compile("urn:[A-Za-z0-9._:-]{1,200}");
    private static final List<String> POINTS = List.of("publish", "query", "subscribe", "push");

    private final PolicyAdministration policy;
    private final AuditLog audit;
    private final ConnectorState connectors;
    private final java.util.function.Supplier<Map<String, Object>> routeFiles;
    private final ObjectMapper mapper;

    public AdminExchanges(PolicyAdministration policy, AuditLog audit, ConnectorState connectors,
            java.util.function.Supplier<Map<String, Object>> routeFiles, ObjectMapper mapper) {
        this.routeFiles = routeFiles;
        this.policy = policy;
        this.audit = audit;
        this.connectors = connectors;
        this.mapper = mapper;
    }

    /** {@code GET …/admin/resources}: every resource the built-in policy knows. */
    public void listResources(Exchange exchange) throws IOException {
        json(exchange, 200, policy.resources().stream().map(AdminExchanges::view).toList());
    }

    /** {@code GET …/admin/resources/{id}}: one resource's rules. */
    public void getResource(Exchange exchange) throws IOException {
        String id = resourceId(exchange);
        json(exchange, 200, view(policy.resource(id).orElseThrow(() -> new NotFoundException("No resource " + id))));
    }

    /** {@code PUT …/admin/resources/{id}}: 201 when the resource is new, 200 when its rules were replaced. */
    public void putResource(Exchange exchange) throws IOException {
        ResourceRules rules = readResource(resourceId(exchange), body(exchange));
        json(exchange, policy.putResource(rules) ? 201 : 200, view(rules));
    }

    /** {@code DELETE …/admin/resources/{id}}: 204, or 404 for a resource the policy does not know. */
    public void deleteResource(Exchange exchange) {
        String id = resourceId(exchange);
        if (!policy.deleteResource(id)) {
            throw new NotFoundException("No resource " + id);
        }
        HttpExchanges.respond(exchange, 204, "application/json", new byte[0]);
    }

    /** {@code GET …/admin/roles?holder=&party=&after=&size=}: role assignments of a holder or in a party, paged. */
    public void listRoles(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        String holder = identityParameter(request, "holder", false);
        String party = identityParameter(request, "party", false);
        if (holder == null && party == null) {
            throw new InvalidQueryException("holder", "or party is required");
        }
        int size = size(request);
        RoleAssignment after = request.getParameter("after") == null ? null : afterRole(request.getParameter("after"));
        List<RoleAssignment> page = policy.roleAssignments(holder, party, after, size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roleAssignments", page);
        if (page.size() == size) {
            RoleAssignment last = page.get(page.size() - 1);
            body.put("after", last.holder() + "|" + last.party() + "|" + last.role());
        }
        json(exchange, 200, body);
    }

    /** {@code POST …/admin/roles}: 201 for a new assignment, 200 when it existed. */
    public void assignRole(Exchange exchange) throws IOException {
        RoleAssignment assignment = readRole(body(exchange));
        json(exchange, policy.assign(assignment) ? 201 : 200, assignment);
    }

    /** {@code DELETE …/admin/roles?holder=&role=&party=}: 204, or 404 when there is no such assignment. */
    public void revokeRole(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        RoleAssignment assignment = new RoleAssignment(identityParameter(request, "holder", true),
                roleParameter(request), identityParameter(request, "party", true));
        if (!policy.revoke(assignment)) {
            throw new NotFoundException("No such role assignment");
        }
        HttpExchanges.respond(exchange, 204, "application/json", new byte[0]);
    }

    /** {@code GET …/admin/grants?holder=&resource=}: the grants, narrowed by holder or resource when given. */
    public void listGrants(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        json(exchange, 200, Map.of("grants", policy.grants(identityParameter(request, "holder", false),
                resourceParameter(request, false))));
    }

    /** {@code POST …/admin/grants}: 201 for a new grant, 200 when it existed. */
    public void addGrant(Exchange exchange) throws IOException {
        Grant grant = readGrant(body(exchange));
        json(exchange, policy.grant(grant) ? 201 : 200, grant);
    }

    /** {@code DELETE …/admin/grants?holder=&resource=}: 204, or 404 when there is no such grant. */
    public void withdrawGrant(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        Grant grant = new Grant(identityParameter(request, "holder", true), resourceParameter(request, true));
        if (!policy.withdraw(grant)) {
            throw new NotFoundException("No such grant");
        }
        HttpExchanges.respond(exchange, 204, "application/json", new byte[0]);
    }

    /** {@code GET …/admin/connectors}: each connector's checkpoint. */
    public void connectors(Exchange exchange) throws IOException {
        json(exchange, 200, Map.of("connectors", times(connectors.overview())));
    }

    /** {@code GET …/admin/routes}: the integrator's route files, with any load errors. */
    public void routeFiles(Exchange exchange) throws IOException {
        json(exchange, 200, routeFiles.get());
    }

    /** The resource named by the path, which must be a resource URN. */
    private static String resourceId(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || !RESOURCE.matcher(id).matches()) {
            throw new InvalidQueryException("id", "must be a resource URN such as urn:altinn:resource:skd-skattemelding");
        }
        return id;
    }

    /** {@code GET …/admin/audit?identity=&point=&after=&size=}: denials, oldest first, with the id to go on after. */
    public void audit(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        String identity = identityParameter(request, "identity", false);
        String point = request.getParameter("point");
        if (point != null && !POINTS.contains(point)) {
            throw new InvalidQueryException("point", "must be one of " + String.join(", ", POINTS));
        }
        long after = HttpExchanges.number(request.getParameter("after"), "after", 0, Long.MAX_VALUE, 0);
        int size = size(request);
        List<Map<String, Object>> denials = audit.page(identity, point, after, size);
        denials.forEach(line -> line.computeIfPresent("time", (k, v) -> v instanceof java.sql.Timestamp t
                ? t.toInstant().toString() : v.toString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("denials", denials);
        body.put("after", denials.isEmpty() ? after : denials.get(denials.size() - 1).get("id"));
        json(exchange, 200, body);
    }

    /** {@code GET …/admin/connectors/parked?connector=&after=&size=}: feed entries connectors could not map. */
    public void parked(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        long after = HttpExchanges.number(request.getParameter("after"), "after", 0, Long.MAX_VALUE, 0);
        List<Map<String, Object>> entries = times(connectors.parked(request.getParameter("connector"), after, size(request)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parked", entries);
        body.put("after", entries.isEmpty() ? after : entries.get(entries.size() - 1).get("id"));
        json(exchange, 200, body);
    }

    private static List<Map<String, Object>> times(List<Map<String, Object>> rows) {
        rows.forEach(row -> row.replaceAll((k, v) -> v instanceof java.sql.Timestamp t ? t.toInstant().toString() : v));
        return rows;
    }

    // --- reading requests -----------------------------------------------------------------------------------------

    private JsonNode body(Exchange exchange) throws IOException {
        byte[] bytes = HttpExchanges.body(exchange.getIn(), MAX_BODY);
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException("The request body must be a JSON object",
                        List.of(new FieldError("$", "must be an object")));
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidEventException("The request body is not valid JSON",
                    List.of(new FieldError("$", "is not valid JSON")));
        }
    }

    private static ResourceRules readResource(String id, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String owner = identity(body, "owner", errors);
        Set<String> publishers = strings(body, "publishers", errors, true);
        Set<String> readRoles = strings(body, "readRoles", errors, false);
        Set<String> subscribeRoles = strings(body, "subscribeRoles", errors, false);
        failOn(errors, "The resource is invalid");
        return new ResourceRules(id, owner, publishers, readRoles, subscribeRoles);
    }

    private static RoleAssignment readRole(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String holder = identity(body, "holder", errors);
        String party = identity(body, "party", errors);
        JsonNode role = body.get("role");
        if (role == null || !role.isTextual() || !ROLE.matcher(role.asText()).matches()) {
            errors.add(new FieldError("role", "is required: a role code such as DAGL, REGNA, PRIV or ACCOUNTANT"));
        }
        failOn(errors, "The role assignment is invalid");
        return new RoleAssignment(holder, role.asText(), party);
    }

    private static Grant readGrant(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String holder = identity(body, "holder", errors);
        JsonNode resource = body.get("resource");
        if (resource == null || !resource.isTextual() || !RESOURCE.matcher(resource.asText()).matches()) {
            errors.add(new FieldError("resource", "is required: a resource URN"));
        }
        failOn(errors, "The grant is invalid");
        return new Grant(holder, resource.asText());
    }

    private static String identity(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || !Identity.isValid(value.asText())) {
            errors.add(new FieldError(field, "is required: an identity such as /org/skd or /organisation/974760673"));
            return null;
        }
        return value.asText();
    }

    private static Set<String> strings(JsonNode body, String field, List<FieldError> errors, boolean identities) {
        JsonNode value = body.get(field);
        Set<String> values = new LinkedHashSet<>();
        if (value == null || value.isNull()) {
            return values;
        }
        if (!value.isArray()) {
            errors.add(new FieldError(field, "must be an array"));
            return values;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            boolean valid = item.isTextual() && (identities ? Identity.isValid(item.asText()) : ROLE.matcher(item.asText()).matches());
            if (!valid) {
                errors.add(new FieldError(field + "[" + i + "]", identities ? "must be an identity" : "must be a role code"));
            } else {
                values.add(item.asText());
            }
        }
        return values;
    }

    private static void failOn(List<FieldError> errors, String message) {
        if (!errors.isEmpty()) {
            throw new InvalidEventException(message, errors);
        }
    }

    private static String identityParameter(HttpServletRequest request, String name, boolean required) {
        String value = request.getParameter(name);
        if (value == null && !required) {
            return null;
        }
        if (!Identity.isValid(value)) {
            throw new InvalidQueryException(name, "must be an identity such as /org/skd or /person/…");
        }
        return value;
    }

    private static String roleParameter(HttpServletRequest request) {
        String value = request.getParameter("role");
        if (value == null || !ROLE.matcher(value).matches()) {
            throw new InvalidQueryException("role", "is required: a role code");
        }
        return value;
    }

    private static String resourceParameter(HttpServletRequest request, boolean required) {
        String value = request.getParameter("resource");
        if (value == null && !required) {
            return null;
        }
        if (value == null || !RESOURCE.matcher(value).matches()) {
            throw new InvalidQueryException("resource", "must be a resource URN");
        }
        return value;
    }

    private static RoleAssignment afterRole(String after) {
        String[] parts = after.split("\\|", -1);
        if (parts.length != 3) {
            throw new InvalidQueryException("after", "must be the after value of the previous page");
        }
        return new RoleAssignment(parts[0], parts[2], parts[1]);
    }

    private static int size(HttpServletRequest request) {
        return (int) HttpExchanges.number(request.getParameter("size"), "size", 1, 1000, 100);
    }

    private void json(Exchange exchange, int status, Object body) throws IOException {
        HttpExchanges.respond(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    private static Map<String, Object> view(ResourceRules rules) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rules.id());
        view.put("owner", rules.owner());
        view.put("publishers", rules.publishers().stream().sorted().toList());
        view.put("readRoles", rules.readRoles().stream().sorted().toList());
        view.put("subscribeRoles", rules.subscribeRoles().stream().sorted().toList());
        return view;
    }
}
