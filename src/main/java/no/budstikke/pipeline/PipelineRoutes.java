package no.budstikke.pipeline;

import java.util.List;

import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.config.RouteErrorConfiguration;
import no.budstikke.event.CloudEvent;
import no.budstikke.event.EventNormalizer;
import no.budstikke.store.GroupCommitWriter;
import no.budstikke.store.Registration;
import no.budstikke.web.BudstikkeHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The publish pipeline every door ends in: normalize (parse and validate) → authorize (may this publisher
 * publish to these resources?) → persist (group commit; returns only when the events are durable).
 */
@Component
public class PipelineRoutes extends RouteBuilder {

    private final EventNormalizer normalizer;
    private final PublishAuthorizer authorizer;
    private final GroupCommitWriter writer;
    private final HubMetrics metrics;

    public PipelineRoutes(EventNormalizer normalizer, PublishAuthorizer authorizer, GroupCommitWriter writer,
            HubMetrics metrics) {
        this.normalizer = normalizer;
        this.authorizer = authorizer;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from("direct:pipeline-normalize")
                .routeId("pipeline-normalize")
                .routeConfigurationId(RouteErrorConfiguration.PIPELINE_STAGE)
                .bean(normalizer, "normalize");

        from("direct:pipeline-authorize")
                .routeId("pipeline-authorize")
                .routeConfigurationId(RouteErrorConfiguration.PIPELINE_STAGE)
                .process(this::authorize);

        from("direct:pipeline-persist")
                .routeId("pipeline-persist")
                .routeConfigurationId(RouteErrorConfiguration.PIPELINE_STAGE)
                .bean(writer, "publish")
                .process(this::count);
    }

    private void authorize(Exchange exchange) {
        Identity publisher = exchange.getIn().getHeader(BudstikkeHeaders.CALLER, Identity.class);
        @SuppressWarnings("unchecked")
        List<CloudEvent> events = exchange.getIn().getBody(List.class);
        authorizer.authorize(publisher, events);
    }

    private void count(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Registration> registrations = exchange.getIn().getBody(List.class);
        long created = registrations.stream().filter(Registration::created).count();
        metrics.accepted(created, registrations.size() - created);
    }
}
