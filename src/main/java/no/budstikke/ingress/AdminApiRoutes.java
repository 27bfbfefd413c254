package no.budstikke.ingress;

import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.web.AdminExchanges;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The admin API for the built-in policy (admin scope only): {@code /events/api/v1/admin/resources[/{id}]},
 * {@code …/roles}, {@code …/grants} and the audit log of denials, {@code …/audit}.
 */
@Component
public class AdminApiRoutes extends RouteBuilder {

    private final AdminExchanges http;

    public AdminApiRoutes(AdminExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        from("servlet:/admin?matchOnUriPrefix=true&httpMethodRestrict=GET,PUT,POST,DELETE")
                .routeId("api-admin")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(http::handle);
    }
}
