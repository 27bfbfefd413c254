package no.budstikke.ingress.http;

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
import no.budstikke.pipeline.BudstikkeHeaders;
import no.budstikke.security.CallerFilter;
import no.budstikke.store.EventPage;
import no.budstikke.store.EventQuery;
import no.budstikke.store.EventStore;
import no.budstikke.store.StoredEvent;
import no.budstikke.web.CallerRefusedException;
import no.budstikke.web.InvalidQueryException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads the query views ({@code GET /events}, {@code GET /app/{org}/{app}}, {@code GET /app/party}) into an
 * {@link EventQuery}, with Altinn's parameter rules for each, and writes a page back with its {@code next} link.
 */
public final class QueryRequests {

    public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";
    private static final String APP_RESOURCE_PREFIX = "urn:altinn:resource:app_";
    private static final Pattern URN = Pattern.compile("(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\\S+");
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern UNIT = Pattern.compile("\\d{9}");
    private static final String APP_VIEW_MEDIA_TYPE = "application/json";

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
        String source = single(request, "source");
        EventQuery query = new EventQuery(resource, false,
                store.resolveCursor(single(request, "after"), resource, false),
                single(request, "subject"), alternativeSubject == null ? List.of() : List.of(alternativeSubject), types,
                source == null ? List.of() : List.of(source),
                time(request, "from"), time(request, "to"), clampedSize(request));
        begin(exchange, request, query, BATCH_MEDIA_TYPE);
    }

    /**
     * Altinn's {@code GET /app/{org}/{app}}: the events of one app, by party, unit or person. As in Altinn, only a
     * service owner may search one app's events (an end user reads its own through {@code /app/party}).
     */
    public void readAppQuery(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        if (!CallerFilter.callerOf(request).value().startsWith("/org/")) {
            throw new CallerRefusedException(401, "Only a service owner (/org/{org}) may search an app's events");
        }
        String org = exchange.getIn().getHeader("org", String.class);
        String app = exchange.getIn().getHeader("app", String.class);
        if (org == null || !APP_NAME.matcher(org).matches()) {
            throw new InvalidQueryException("org", "must be an organisation code");
        }
        if (app == null || !APP_NAME.matcher(app).matches()) {
            throw new InvalidQueryException("app", "must be an app name");
        }
        String resource = APP_RESOURCE_PREFIX + org + "_" + app;
        begin(exchange, request, appQuery(request, resource, false, List.of()), APP_VIEW_MEDIA_TYPE);
    }

    /** Altinn's {@code GET /app/party}: the app events of one party, unit or person across all apps. */
    public void readPartyQuery(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        EventQuery query = appQuery(request, APP_RESOURCE_PREFIX, true, sources(request));
        if (query.subject() == null && query.alternativeSubjects().isEmpty()) {
            throw new InvalidQueryException("party", "or unit or person (header Person) is required");
        }
        begin(exchange, request, query, APP_VIEW_MEDIA_TYPE);
    }

    /**
     * The app views' parameters with Altinn's rules: {@code after} or {@code from} is required; {@code party}
     * excludes {@code unit} and {@code person}; a unit is an organisation number. Without Altinn's register to turn
     * a unit or person into a party, those match the event's alternative subject; a unit in both spellings Altinn's
     * app library and the hub use ({@code /org/{orgno}}, {@code /organisation/{orgno}}).
     */
    private EventQuery appQuery(HttpServletRequest request, String resource, boolean prefix, List<String> sources) {
        String after = single(request, "after");
        OffsetDateTime from = time(request, "from");
        if (after == null && from == null) {
            throw new InvalidQueryException("after", "or from is required");
        }
        String party = single(request, "party");
        String unit = single(request, "unit");
        String person = single(request, "person");
        if (person == null) {
            person = request.getHeader("Person");
        }
        if (party != null && (!party.chars().allMatch(Character::isDigit) || party.length() > 18)) {
            throw new InvalidQueryException("party", "must be a party id (digits)");
        }
        if ("0".equals(party)) {
            party = null;
        }
        if (party != null && (unit != null || person != null)) {
            throw new InvalidQueryException("party", "cannot be combined with unit or person: give one of them");
        }
        if (unit != null && !UNIT.matcher(unit).matches()) {
            throw new InvalidQueryException("unit", "must be an organisation number of exactly 9 digits");
        }
        List<String> alternativeSubjects = unit != null ? List.of("/organisation/" + unit, "/org/" + unit)
                : person != null ? List.of("/person/" + person) : List.of();
        return new EventQuery(resource, prefix, store.resolveCursor(after, resource, prefix),
                party == null ? null : "/party/" + party, alternativeSubjects, types(request, "type"), sources,
                from, time(request, "to"), appSize(request));
    }

    /** Altinn's {@code source} on {@code /app/party}: sources, each a prefix; a {@code %} may end one (Altinn's wildcard). */
    private static List<String> sources(HttpServletRequest request) {
        String[] values = request.getParameterValues("source");
        if (values == null) {
            return List.of();
        }
        List<String> prefixes = new ArrayList<>();
        for (String value : values) {
            String prefix = value.trim().endsWith("%") ? value.trim().substring(0, value.trim().length() - 1) : value.trim();
            if (prefix.isEmpty() || prefix.indexOf('%') >= 0 || prefix.length() > 2048
                    || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidQueryException("source", "must be a source URL, optionally ending in % (a prefix)");
            }
            prefixes.add(prefix);
        }
        return prefixes;
    }

    private void begin(Exchange exchange, HttpServletRequest request, EventQuery query, String mediaType) {
        Message in = exchange.getIn();
        var caller = CallerFilter.callerOf(request);
        String nextBase = nextBase(request);
        in.getHeaders().clear();
        in.setHeader(BudstikkeHeaders.CALLER, caller);
        in.setHeader(BudstikkeHeaders.NEXT_BASE, nextBase);
        in.setHeader(BudstikkeHeaders.QUERY_STARTED, System.nanoTime());
        in.setHeader(BudstikkeHeaders.PAGE_MEDIA_TYPE, mediaType);
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
        String mediaType = exchange.getIn().getHeader(BudstikkeHeaders.PAGE_MEDIA_TYPE, BATCH_MEDIA_TYPE, String.class);
        HttpExchanges.respond(exchange, 200, mediaType, body.toString().getBytes(StandardCharsets.UTF_8));
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

    /** {@code GET /events}: as in Altinn, a size below 1 means the default and one above the maximum the maximum. */
    private int clampedSize(HttpServletRequest request) {
        Integer size = size(request);
        return size == null || size < 1 ? defaultSize : Math.min(size, maxSize);
    }

    /** The app views: as in Altinn, a size below 1 is refused; one above the maximum means the maximum. */
    private int appSize(HttpServletRequest request) {
        Integer size = size(request);
        if (size != null && size < 1) {
            throw new InvalidQueryException("size", "must be a whole number larger than 0");
        }
        return size == null ? defaultSize : Math.min(size, maxSize);
    }

    private static Integer size(HttpServletRequest request) {
        String size = single(request, "size");
        if (size == null) {
            return null;
        }
        try {
            return Integer.parseInt(size);
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("size", "must be a whole number");
        }
    }

    private static OffsetDateTime time(HttpServletRequest request, String name) {
        String value = single(request, name);
        if (value == null) {
            return null;
        }
        try {
            // Altinn's documented examples put a space between date and time (2022-02-14 07:22:19Z).
            String time = value.toUpperCase(Locale.ROOT);
            return OffsetDateTime.parse(time.length() > 10 && time.charAt(10) == ' '
                    ? time.substring(0, 10) + 'T' + time.substring(11) : time);
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
