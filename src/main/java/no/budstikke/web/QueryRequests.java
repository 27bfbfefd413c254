package no.budstikke.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.config.CallerFilter;
import no.budstikke.store.EventPage;
import no.budstikke.store.EventQuery;
import no.budstikke.store.EventStore;
import no.budstikke.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads the query views ({@code GET /events}, {@code GET /app/{org}/{app}}, {@code GET /app/party}) into an
 * {@link EventQuery}, and writes a page back with its {@code next} link.
 */
public final class QueryRequests {

    public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";
    private static final String APP_RESOURCE_PREFIX = "urn:altinn:resource:app_";
    private static final Pattern URN = Pattern.compile("(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\\S+");
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final EventStore store;
    private final int defaultSize;
    private final int maxSize;

    public QueryRequests(EventStore store, int defaultSize, int maxSize) {
        this.store = store;
        this.defaultSize = defaultSize;
        this.maxSize = maxSize;
    }

    /** {@code GET /events/api/v1/events?resource=…&after=…&subject=…&alternativesubject=…&type=…&source=…} */
    public void readEventsQuery(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        String resource = single(request, "resource");
        if (resource == null) {
            throw new InvalidQueryException("resource", "is required");
        }
        if (!URN.matcher(resource).matches()) {
            throw new InvalidQueryException("resource", "must be a URN such as urn:altinn:resource:skd-skattemelding");
        }
        String alternativeSubject = single(request, "alternativesubject");
        if (alternativeSubject == null) {
            alternativeSubject = request.getHeader("Altinn-AlternativeSubject");
        }
        List<String> types = types(request, "type");
        EventQuery query = new EventQuery(resource, false,
                store.resolveCursor(single(request, "after"), resource, false),
                single(request, "subject"), alternativeSubject, types, single(request, "source"),
                time(request, "from"), time(request, "to"), size(request));
        begin(exchange, request, query);
    }

    /** Altinn's {@code GET /app/{org}/{app}}: the events of one app, by party, unit or person. */
    public void readAppQuery(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        String org = exchange.getIn().getHeader("org", String.class);
        String app = exchange.getIn().getHeader("app", String.class);
        if (org == null || !APP_NAME.matcher(org).matches()) {
            throw new InvalidQueryException("org", "must be an organisation code");
        }
        if (app == null || !APP_NAME.matcher(app).matches()) {
            throw new InvalidQueryException("app", "must be an app name");
        }
        String resource = APP_RESOURCE_PREFIX + org + "_" + app;
        begin(exchange, request, appQuery(request, resource, false));
    }

    /** Altinn's {@code GET /app/party}: the app events of one party, unit or person across all apps. */
    public void readPartyQuery(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        EventQuery query = appQuery(request, APP_RESOURCE_PREFIX, true);
        if (query.subject() == null && query.alternativeSubject() == null) {
            throw new InvalidQueryException("party", "or unit or person is required");
        }
        begin(exchange, request, query);
    }

    private EventQuery appQuery(HttpServletRequest request, String resource, boolean prefix) {
        String party = single(request, "party");
        String unit = single(request, "unit");
        String person = single(request, "person");
        if (person == null) {
            person = request.getHeader("Person");
        }
        if (party != null && !party.chars().allMatch(Character::isDigit)) {
            throw new InvalidQueryException("party", "must be a party id (digits)");
        }
        String alternativeSubject = unit != null ? "/organisation/" + unit : person != null ? "/person/" + person : null;
        return new EventQuery(resource, prefix, store.resolveCursor(single(request, "after"), resource, prefix),
                party == null ? null : "/party/" + party, alternativeSubject, types(request, "type"), null,
                time(request, "from"), time(request, "to"), size(request));
    }

    private void begin(Exchange exchange, HttpServletRequest request, EventQuery query) {
        Message in = exchange.getIn();
        var caller = CallerFilter.callerOf(request);
        String nextBase = nextBase(request);
        in.getHeaders().clear();
        in.setHeader(BudstikkeHeaders.CALLER, caller);
        in.setHeader(BudstikkeHeaders.NEXT_BASE, nextBase);
        in.setHeader(BudstikkeHeaders.QUERY_STARTED, System.nanoTime());
        in.setBody(query);
    }

    /** Writes a page: the events' stored JSON in order, and a next link that is there even when the page is empty. */
    public void writePage(Exchange exchange) {
        EventPage page = exchange.getIn().getBody(EventPage.class);
        String next = exchange.getIn().getHeader(BudstikkeHeaders.NEXT_BASE, String.class) + page.lastSequence();
        StringBuilder body = new StringBuilder(256 * (page.events().size() + 1)).append('[');
        for (int i = 0; i < page.events().size(); i++) {
            StoredEvent event = page.events().get(i);
            body.append(i == 0 ? "" : ",").append(event.payload());
        }
        body.append(']');
        HttpExchanges.respond(exchange, 200, BATCH_MEDIA_TYPE, body.toString().getBytes(StandardCharsets.UTF_8));
        exchange.getMessage().setHeader("Link", "<" + next + ">; rel=\"next\"");
        exchange.getMessage().setHeader("next", next);
    }

    private static String nextBase(HttpServletRequest request) {
        StringBuilder url = new StringBuilder(request.getRequestURL()).append('?');
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().equals("after")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                url.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
            }
        }
        return url.append("after=").toString();
    }

    private int size(HttpServletRequest request) {
        String size = single(request, "size");
        if (size == null) {
            return defaultSize;
        }
        try {
            int value = Integer.parseInt(size);
            if (value >= 1 && value <= maxSize) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidQueryException("size", "must be a whole number from 1 to " + maxSize);
    }

    private static OffsetDateTime time(HttpServletRequest request, String name) {
        String value = single(request, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException(name, "must be an RFC 3339 time with an offset, e.g. 2024-05-01T00:00:00Z");
        }
    }

    private static List<String> types(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (String value : Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).toList()) {
            if (value.isBlank()) {
                throw new InvalidQueryException(name, "must not be empty");
            }
            types.add(value.trim());
        }
        return types;
    }

    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new InvalidQueryException(name, "may be given only once");
        }
        String value = values[0].trim();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 2048 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidQueryException(name, "is too long or contains control characters");
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
