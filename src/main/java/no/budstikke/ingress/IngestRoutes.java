package no.budstikke.ingress;

import java.util.Map;

import no.budstikke.authorization.Identity;
import no.budstikke.event.EventNormalizer;
import no.budstikke.event.PublishInput;
import no.budstikke.pipeline.BudstikkeHeaders;
import no.budstikke.pipeline.Door;
import no.budstikke.pipeline.PublishPipeline;
import no.budstikke.pipeline.RouteConfigurations;
import no.budstikke.pipeline.Submission;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The integrator's door: {@code direct:budstikke-ingest}, where connector and integrator routes end. The body is
 * one CloudEvent in JSON (structured mode) or a JSON array of them (a batch, stored all or nothing); the header
 * {@value #PUBLISHER} names the identity the route publishes as (e.g. {@code /org/brreg}), authorized exactly like
 * an HTTP publisher. It runs the same publish pipeline as HTTP publishing, counted under the calling route's id as
 * the door, and returns only once the events are committed, with the body the list of registrations (a duplicate —
 * same source, id and content — is a registration that is not new). A refusal is an exception in the calling route.
 */
@Component
public class IngestRoutes extends RouteBuilder {

    public static final String ENDPOINT = "direct:budstikke-ingest";
    public static final String PUBLISHER = "BudstikkePublisher";

    private final PublishPipeline pipeline;

    public IngestRoutes(PublishPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void configure() {
        from(ENDPOINT)
                .routeId("ingress-integrator")
                .routeConfigurationId(RouteConfigurations.PIPELINE_STAGE)
                .process(this::publish);
    }

    /** Leaves the registrations as the body. */
    private void publish(Exchange exchange) {
        exchange.getIn().setBody(pipeline.publish(Door.route(exchange.getFromRouteId()), () -> read(exchange)));
    }

    private static Submission read(Exchange exchange) {
        Message in = exchange.getIn();
        String publisher = in.getHeader(PUBLISHER, String.class);
        if (!Identity.isValid(publisher)) {
            throw new IllegalArgumentException("A route publishing to " + ENDPOINT + " must set the header " + PUBLISHER
                    + " to the identity it publishes as, such as /org/brreg");
        }
        byte[] body = in.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String contentType = isArray(body) ? EventNormalizer.BATCH : "application/cloudevents+json";
        in.setHeader(BudstikkeHeaders.BATCH, isArray(body));
        return new Submission(new Identity(publisher), new PublishInput(body, contentType, Map.of(), false));
    }

    private static boolean isArray(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '[';
            }
        }
        return false;
    }
}
