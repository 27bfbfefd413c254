package no.budstikke.ingress;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.Identity;
import no.budstikke.connector.Altinn2EventReader;
import no.budstikke.security.CallerFilter;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.event.UnsupportedContentTypeException;
import no.budstikke.web.HttpExchanges;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The first step of the Altinn 2 bridge route ({@code connector-altinn2}): takes the XML document off the request,
 * maps it to CloudEvents (refusing a bad document whole) and names the authenticated caller as the publisher, so
 * the policy decides which services a bridge may publish for.
 */
public final class Altinn2Bridge {

    private final Altinn2EventReader reader;
    private final CloudEventCodec codec;
    private final int maxBodyBytes;

    public Altinn2Bridge(Altinn2EventReader reader, CloudEventCodec codec, int maxBodyBytes) {
        this.reader = reader;
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Leaves the CloudEvents as the body (an object, or an array for a list) and the publisher header set. */
    public void read(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        if (!isXml(request.getContentType())) {
            throw new UnsupportedContentTypeException("The Altinn 2 bridge takes application/xml; got "
                    + (request.getContentType() == null ? "no content type" : request.getContentType()));
        }
        Message in = exchange.getIn();
        byte[] document = HttpExchanges.body(in, maxBodyBytes);
        String events = codec.write(reader.read(document));
        Identity caller = CallerFilter.callerOf(request);
        in.getHeaders().clear();
        in.setHeader(IngestRoutes.PUBLISHER, caller.value());
        in.setBody(events);
    }

    private static boolean isXml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml");
    }
}
