package no.budstikke.ingress;

import no.budstikke.ingress.http.AdminExchanges;
import org.apache.camel.model.rest.RestDefinition;
import org.springframework.stereotype.Component;

/**
 * The admin API under {@code /events/api/v1/admin} (admin scope only): the built-in policy's resources, role
 * assignments and grants, the audit log of denials, the connectors' checkpoints and parked entries, and the
 * integrator's route files. Each operation is one route.
 */
@Component
public class AdminApiRoutes extends ApiRoutes {

    private final AdminExchanges http;

    public AdminApiRoutes(AdminExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        // Role assignments and grants have no id of their own: their deletes name the row in the query.
        RestDefinition admin = rest("/admin");
        operation(admin.get("/resources"), "api-admin-resources-list", http::listResources);
        operation(admin.get("/resources/{id}"), "api-admin-resource-read", http::getResource);
        operation(admin.put("/resources/{id}"), "api-admin-resource-put", http::putResource);
        operation(admin.delete("/resources/{id}"), "api-admin-resource-delete", http::deleteResource);
        operation(admin.get("/roles"), "api-admin-roles-list", http::listRoles);
        operation(admin.post("/roles"), "api-admin-role-assign", http::assignRole);
        operation(admin.delete("/roles"), "api-admin-role-revoke", http::revokeRole);
        operation(admin.get("/grants"), "api-admin-grants-list", http::listGrants);
        operation(admin.post("/grants"), "api-admin-grant-add", http::addGrant);
        operation(admin.delete("/grants"), "api-admin-grant-withdraw", http::withdrawGrant);
        operation(admin.get("/audit"), "api-admin-audit", http::audit);
        operation(admin.get("/connectors"), "api-admin-connectors", http::connectors);
        operation(admin.get("/connectors/parked"), "api-admin-connectors-parked", http::parked);
        operation(admin.get("/routes"), "api-admin-routes", http::routeFiles);
    }
}
