package no.budstikke.ingress.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.Identity;
import no.budstikke.event.EventTooLargeException;
import no.budstikke.event.PublishInput;
import no.budstikke.pipeline.BudstikkeHeaders;
import no.budstikke.security.CallerFilter;
import no.budstikke.web.InvalidQueryException;
import no.budstikke.web.Problem;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.http.common.HttpMessage;

/**
 * The HTTP edge of the routes: reads what a request carries into plain values the pipeline understands, and
 * writes pipeline results back as HTTP responses. Request headers are never echoed back.
 */
public final class HttpExchanges {

    private final ObjectMapper mapper;
    private final int maxBodyBytes;

    public HttpExchanges(ObjectMapper mapper, int maxBodyBytes) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
    }

    public static HttpServletRequest request(Exchange exchange) {
        Message in = exchange.getIn();
        if (in instanceof PlatformHttpMessage platform) {
            return platform.getRequest();
        }
        if (in instanceof HttpMessage servlet) {
            return servlet.getRequest();
        }
        return in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
    }

    /**
     * Takes the raw publish request off the HTTP exchange; the caller and whether it is a batch are left as the
     * headers {@link BudstikkeHeaders#CALLER} and {@link BudstikkeHeaders#BATCH}.
     */
    public PublishInput readPublish(Exchange exchange, boolean appEvent) throws IOException {
        HttpServletRequest request = request(exchange);
        Message in = exchange.getIn();
        Map<String, String> ceHeaders = new HashMap<>();
        for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-") && name.length() > 3 && header.getValue() != null) {
                ceHeaders.put(name.substring(3), String.valueOf(header.getValue()));
            }
        }
        PublishInput input = new PublishInput(body(in, maxBodyBytes), request.getContentType(), ceHeaders, appEvent);
        Identity caller = CallerFilter.callerOf(request);
        in.getHeaders().clear();
        in.setHeader(BudstikkeHeaders.CALLER, caller);
        in.setHeader(BudstikkeHeaders.BATCH, isBatch(request.getContentType()));
        return input;
    }

    /** Answers a publish: 201 with the registrations if anything new was stored, else 200 with the originals. */
    public void writeRegistrations(Exchange exchange) throws Exception {
        boolean batch = exchange.getIn().getHeader(BudstikkeHeaders.BATCH, false, Boolean.class);
        @SuppressWarnings("unchecked")
        List<no.budstikke.store.Registration> registrations = exchange.getIn().getBody(List.class);
        boolean created = registrations.stream().anyMatch(no.budstikke.store.Registration::created);
        List<Map<String, Object>> receipts = registrations.stream().map(HttpExchanges::receipt).toList();
        Object body = batch ? receipts : receipts.get(0);
        respond(exchange, created ? 201 : 200, "application/json", mapper.writeValueAsBytes(body));
    }

    /** Answers an app event as Altinn does: 201 with the id the hub gave the event, as a JSON string. */
    public void writeAppRegistration(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<no.budstikke.store.Registration> registrations = exchange.getIn().getBody(List.class);
        respond(exchange, 201, "application/json", mapper.writeValueAsBytes(registrations.get(0).id()));
    }

    public void writeProblem(Exchange exchange, Problem problem, Map<String, String> headers) throws Exception {
        respond(exchange, problem.status(), Problem.MEDIA_TYPE, mapper.writeValueAsBytes(problem.asMap()));
        headers.forEach(exchange.getIn()::setHeader);
    }

    /**
     * Reads the raw body bytes (the ingress endpoints stream, so no charset decoding happens), at most one byte
     * past the limit, so a huge chunked upload is refused without being held in memory.
     */
    public static byte[] body(Message in, int maxBodyBytes) throws IOException {
        InputStream input = in.getBody(InputStream.class);
        if (input == null) {
            return new byte[0];
        }
        try (InputStream stream = input) {
            byte[] body = stream.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new EventTooLargeException("The request body is larger than the limit of " + maxBodyBytes + " bytes");
            }
            return body;
        }
    }

    public static void respond(Exchange exchange, int status, String contentType, Object body) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    /** A whole-number query parameter within bounds, or {@code absent} when it is not given. */
    public static long number(String value, String name, long min, long max, long absent) {
        if (value == null) {
            return absent;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidQueryException(name, "must be a whole number from " + min + " to " + max);
    }

    private static boolean isBatch(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith(no.budstikke.event.EventNormalizer.BATCH);
    }

    private static Map<String, Object> receipt(no.budstikke.store.Registration registration) {
        Map<String, Object> receipt = new java.util.LinkedHashMap<>();
        receipt.put("id", registration.id());
        receipt.put("source", registration.source());
        receipt.put("registeredTime", registration.registeredTime().withOffsetSameInstant(ZoneOffset.UTC).toString());
        return receipt;
    }
}
