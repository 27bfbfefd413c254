package no.budstikke.ingress;

import java.io.IOException;

import no.budstikke.authorization.Identity;
import no.budstikke.event.PublishInput;
import no.budstikke.ingress.http.HttpExchanges;
import no.budstikke.pipeline.BudstikkeHeaders;
import no.budstikke.pipeline.Door;
import no.budstikke.pipeline.PublishPipeline;
import no.budstikke.pipeline.RouteConfigurations;
import no.budstikke.pipeline.Submission;
import no.budstikke.security.CallerFilter;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The HTTP doors for publishers: {@code POST /events/api/v1/events} (structured, batch or binary CloudEvents)
 * and Altinn's {@code POST /events/api/v1/app} (app events). Each reads the request and hands it to the publish
 * pipeline in one step on the request thread, and answers only after the commit.
 */
@Component
public class HttpIngressRoutes extends RouteBuilder {

    private final HttpExchanges http;
    private final PublishPipeline pipeline;

    public HttpIngressRoutes(HttpExchanges http, PublishPipeline pipeline) {
        this.http = http;
        this.pipeline = pipeline;
    }

    @Override
    public void configure() {
        from("servlet:/events?httpMethodRestrict=POST")
                .routeId("ingress-http")
                .routeConfigurationId(RouteConfigurations.HTTP_PROBLEMS)
                .process(exchange -> publish(exchange, Door.HTTP, false))
                .process(http::writeRegistrations);

        // Altinn's operation as a REST DSL verb; Camel inlines the direct: route, so it runs as route ingress-app.
        rest("/app").post().to("direct:ingress-app");

        from("direct:ingress-app")
                .routeId("ingress-app")
                .routeConfigurationId(RouteConfigurations.HTTP_PROBLEMS)
                .process(exchange -> publish(exchange, Door.APP, true))
                .process(http::writeAppRegistration);
    }

    /** Leaves the registrations as the body. */
    private void publish(Exchange exchange, Door door, boolean appEvent) {
        exchange.getIn().setBody(pipeline.publish(door, CallerFilter.callerOf(HttpExchanges.request(exchange)),
                () -> read(exchange, appEvent)));
    }

    private Submission read(Exchange exchange, boolean appEvent) throws IOException {
        PublishInput input = http.readPublish(exchange, appEvent);
        return new Submission(exchange.getIn().getHeader(BudstikkeHeaders.CALLER, Identity.class), input);
    }
}
