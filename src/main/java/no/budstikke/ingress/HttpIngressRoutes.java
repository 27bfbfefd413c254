package no.budstikke.ingress;

import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.ingress.http.HttpExchanges;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The HTTP doors for publishers: {@code POST /events/api/v1/events} (structured, batch or binary CloudEvents)
 * and Altinn's {@code POST /events/api/v1/app} (app events). Both run the same pipeline and answer only after
 * the commit.
 */
@Component
public class HttpIngressRoutes extends RouteBuilder {

    private final HttpExchanges http;

    public HttpIngressRoutes(HttpExchanges http) {
        this.http = http;
    }

    @Override
    public void configure() {
        from("servlet:/events?httpMethodRestrict=POST")
                .routeId("ingress-http")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(exchange -> http.readPublish(exchange, false))
                .to("direct:pipeline-normalize")
                .to("direct:pipeline-authorize")
                .to("direct:pipeline-persist")
                .process(http::writeRegistrations);

        // Altinn's operation as a REST DSL verb; Camel inlines the direct: route, so it runs as route ingress-app.
        rest("/app").post().to("direct:ingress-app");

        from("direct:ingress-app")
                .routeId("ingress-app")
                .routeConfigurationId(RouteErrorConfiguration.HTTP_PROBLEMS)
                .process(exchange -> http.readPublish(exchange, true))
                .to("direct:pipeline-normalize")
                .to("direct:pipeline-authorize")
                .to("direct:pipeline-persist")
                .process(http::writeAppRegistration);
    }
}
