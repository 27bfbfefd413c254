package no.budstikke.ingress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.Identity;
import no.budstikke.connector.Altinn2EventReader;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.event.EventNormalizer;
import no.budstikke.event.PublishInput;
import no.budstikke.event.UnsupportedContentTypeException;
import no.budstikke.ingress.http.HttpExchanges;
import no.budstikke.pipeline.BudstikkeHeaders;
import no.budstikke.pipeline.Door;
import no.budstikke.pipeline.PublishPipeline;
import no.budstikke.pipeline.Submission;
import no.budstikke.security.CallerFilter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The Altinn 2 bridge's door ({@code connector-altinn2}): takes the XML document off the request, maps it to
 * CloudEvents (refusing a bad document whole) with the authenticated caller as the publisher — so the policy decides
 * which services a bridge may publish for — and runs them through the publish pipeline, which counts the bridge's
 * commits and refusals under its own door.
 */
public final class Altinn2Bridge {

    private final Altinn2EventReader reader;
    private final CloudEventCodec codec;
    private final PublishPipeline pipeline;
    private final int maxBodyBytes;

    public Altinn2Bridge(Altinn2EventReader reader, CloudEventCodec codec, PublishPipeline pipeline, int maxBodyBytes) {
        this.reader = reader;
        this.codec = codec;
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Leaves the registrations as the body and {@link BudstikkeHeaders#BATCH} set when the document was a list. */
    public void publish(Exchange exchange) {
        exchange.getIn().setBody(pipeline.publish(Door.ALTINN2, CallerFilter.callerOf(HttpExchanges.request(exchange)),
                () -> read(exchange)));
    }

    private Submission read(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        if (!isXml(request.getContentType())) {
            throw new UnsupportedContentTypeException("The Altinn 2 bridge takes application/xml; got "
                    + (request.getContentType() == null ? "no content type" : request.getContentType()));
        }
        Message in = exchange.getIn();
        JsonNode events = reader.read(HttpExchanges.body(in, maxBodyBytes));
        in.getHeaders().clear();
        in.setHeader(BudstikkeHeaders.BATCH, events.isArray());
        byte[] json = codec.write(events).getBytes(StandardCharsets.UTF_8);
        // An unauthenticated request never gets here (security filter); a missing caller is the hub's failure.
        Identity caller = Objects.requireNonNull(CallerFilter.callerOf(request), "the request has no caller");
        return new Submission(caller, new PublishInput(json,
                events.isArray() ? EventNormalizer.BATCH : EventNormalizer.STRUCTURED, Map.of(), false));
    }

    private static boolean isXml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml");
    }
}
