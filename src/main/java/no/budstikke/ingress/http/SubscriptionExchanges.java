package no.budstikke.ingress.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.Identity;
import no.budstikke.security.CallerFilter;
import no.budstikke.delivery.DeliveryLog;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.event.FieldError;
import no.budstikke.store.EventStore;
import no.budstikke.delivery.Resend;
import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionRequestReader;
import no.budstikke.subscription.Subscriptions;
import no.budstikke.web.InvalidQueryException;
import org.apache.camel.Exchange;
import org.springframework.security.core.Authentication;

/** The HTTP edge of the subscriptions API: reads requests into the domain, writes subscriptions back as JSON. */
public final class SubscriptionExchanges {

    private static final int MAX_BODY = 64 * 1024;
    private static final String OLDEST = "oldest";
    private static final String NEWEST = "newest";
    private static final List<String> DELIVERY_OUTCOMES = List.of("delivered", "failed", "dead", "unauthorized");

    private final Subscriptions subscriptions;
    private final SubscriptionRequestReader reader;
    private final CloudEventCodec codec;
    private final ObjectMapper mapper;
    private final DeliveryLog deliveryLog;
    private final Resend resend;
    /** Jobs one redeliver or replay request queues at most; a replay answers with the cursor to go on from. */
    private final int maxResend;
    private final EventStore cursors;
    private final String adminAuthority;

    public SubscriptionExchanges(Subscriptions subscriptions, SubscriptionRequestReader reader, CloudEventCodec codec,
            ObjectMapper mapper, DeliveryLog deliveryLog, Resend resend, int maxResend, EventStore cursors,
            String adminScope) {
        this.adminAuthority = "SCOPE_" + adminScope;
        this.subscriptions = subscriptions;
        this.reader = reader;
        this.codec = codec;
        this.mapper = mapper;
        this.deliveryLog = deliveryLog;
        this.resend = resend;
        this.maxResend = maxResend;
        this.cursors = cursors;
    }

    /**
     * {@code POST /subscriptions}: 201 with the subscription, and its secret when it is new. As in Altinn, asking
     * again for an identical subscription answers 201 with the one that exists (without the secret).
     */
    public void create(Exchange exchange) throws IOException {
        Identity caller = caller(exchange);
        byte[] body = HttpExchanges.body(exchange.getIn(), MAX_BODY);
        Subscriptions.Created created = subscriptions.create(caller, reader.read(codec.parse(body)));
        Map<String, Object> view = view(created.subscription());
        if (created.signingSecret() != null) {
            view.put("signingSecret", created.signingSecret());
        }
        json(exchange, 201, view);
        exchange.getMessage().setHeader("Location",
                HttpExchanges.request(exchange).getRequestURI().replaceAll("/+$", "") + "/" + view.get("id"));
    }

    /** {@code GET /subscriptions}: the caller's own subscriptions, as Altinn lists them: {@code {count, subscriptions}}. */
    public void list(Exchange exchange) throws IOException {
        List<Map<String, Object>> own = subscriptions.list(caller(exchange)).stream()
                .map(SubscriptionExchanges::view).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("count", own.size());
        list.put("subscriptions", own);
        json(exchange, 200, list);
    }

    /** {@code GET /subscriptions/{id}}: one subscription, with how its endpoint validation is going while pending. */
    public void read(Exchange exchange) throws IOException {
        Subscription subscription = subscription(exchange);
        Map<String, Object> view = view(subscription);
        if (Subscription.PENDING_VALIDATION.equals(subscription.status())) {
            Map<String, Object> validation = new LinkedHashMap<>(subscriptions.validationState(subscription));
            validation.computeIfPresent("nextAttempt", (k, v) -> instant(v));
            view.put("validation", validation);
        }
        json(exchange, 200, view);
    }

    /** {@code DELETE /subscriptions/{id}}: 200 with no body, as Altinn answers. */
    public void delete(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        subscriptions.delete(CallerFilter.callerOf(request), isAdmin(request), id(exchange));
        HttpExchanges.respond(exchange, 200, "application/json", new byte[0]);
    }

    /** {@code POST …/deadletters/redeliver}: the dead-lettered deliveries go again from the start of the schedule. */
    public void redeliver(Exchange exchange) throws IOException {
        json(exchange, 202, Map.of("queued", resend.deadLetters(subscription(exchange), maxResend).queued()));
    }

    /** The subscription named by the path, for its owner or an administrator (others get 403, unknown ids 404). */
    private Subscription subscription(Exchange exchange) {
        HttpServletRequest request = HttpExchanges.request(exchange);
        return subscriptions.get(CallerFilter.callerOf(request), isAdmin(request), id(exchange));
    }

    private static String id(Exchange exchange) {
        return exchange.getIn().getHeader("id", String.class);
    }

    /**
     * {@code GET …/deliveries?status=&order=&after=|before=&size=}: the delivery log with a next link; oldest first
     * from {@code after}, or with {@code order=newest} newest first from {@code before} (none: the newest line).
     */
    public void deliveries(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        Subscription subscription = subscription(exchange);
        String status = request.getParameter("status");
        String order = request.getParameter("order") == null ? OLDEST : request.getParameter("order");
        List<FieldError> errors = new ArrayList<>();
        if (status != null && !DELIVERY_OUTCOMES.contains(status)) {
            errors.add(new FieldError("status", "must be one of " + String.join(", ", DELIVERY_OUTCOMES)));
        }
        if (!OLDEST.equals(order) && !NEWEST.equals(order)) {
            errors.add(new FieldError("order", "must be oldest or newest"));
        }
        boolean newest = NEWEST.equals(order);
        String cursorName = newest ? "before" : "after";
        String wrongCursor = newest ? "after" : "before";
        if (request.getParameter(wrongCursor) != null) {
            errors.add(new FieldError(wrongCursor, "goes with order=" + (newest ? OLDEST : NEWEST)));
        }
        long cursor = newest ? Long.MAX_VALUE : 0;
        int size = 100;
        try {
            cursor = HttpExchanges.number(request.getParameter(cursorName), cursorName, 0, Long.MAX_VALUE, cursor);
        } catch (InvalidQueryException e) {
            errors.addAll(e.errors());
        }
        try {
            size = (int) HttpExchanges.number(request.getParameter("size"), "size", 1, 1000, 100);
        } catch (InvalidQueryException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        List<Map<String, Object>> lines = newest ? deliveryLog.pageBefore(subscription.id(), status, cursor, size)
                : deliveryLog.page(subscription.id(), status, cursor, size);
        lines.forEach(line -> line.computeIfPresent("time", (k, v) -> instant(v)));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("deliveries", lines);
        long last = lines.isEmpty() ? cursor : ((Number) lines.get(lines.size() - 1).get("id")).longValue();
        page.put("next", request.getRequestURL() + "?" + (newest ? "order=newest&" : "") + cursorName + "=" + last
                + (status == null ? "" : "&status=" + status) + "&size=" + size);
        json(exchange, 200, page);
    }

    /** {@code POST …/replay?after=}: queues the stored events after the cursor that pass the filters again. */
    public void replay(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        Subscription subscription = subscription(exchange);
        String after = request.getParameter("after");
        if (after == null || after.isBlank()) {
            throw new InvalidQueryException("after", "is required: a sequence number from a next link, or an event id");
        }
        long from = cursors.resolveCursor(after, subscription.filter().resource(), false);
        Resend.Result result = resend.replay(subscription, from, maxResend);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queued", result.queued());
        if (result.next() != null) {
            body.put("next", request.getRequestURL() + "?after=" + result.next());
        }
        json(exchange, 202, body);
    }

    /** Whether the caller's token carries the administrator scope (who may read and delete any subscription). */
    private boolean isAdmin(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof Authentication authentication
                && authentication.getAuthorities().stream().anyMatch(a -> adminAuthority.equals(a.getAuthority()));
    }

    /** A database time as ISO-8601 in UTC, e.g. {@code 2026-11-29T13:28:24.291085Z}. */
    private static String instant(Object time) {
        return time instanceof java.sql.Timestamp timestamp ? timestamp.toInstant().toString() : time.toString();
    }

    private static Identity caller(Exchange exchange) {
        return CallerFilter.callerOf(HttpExchanges.request(exchange));
    }

    private void json(Exchange exchange, int status, Object body) throws IOException {
        HttpExchanges.respond(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    /** A subscription as the API shows it (never its secret). */
    static Map<String, Object> view(Subscription subscription) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subscription.number());
        view.put("endPoint", subscription.endPoint());
        view.put("resourceFilter", subscription.filter().resource());
        view.put("sourceFilter", subscription.filter().sourcePrefix());
        view.put("subjectFilter", subscription.filter().subject());
        view.put("alternativeSubjectFilter", subscription.filter().alternativeSubject());
        view.put("typeFilter", subscription.filter().type());
        view.put("consumer", subscription.consumer());
        view.put("createdBy", subscription.createdBy());
        view.put("created", subscription.created().toString());
        view.put("validated", !Subscription.PENDING_VALIDATION.equals(subscription.status()));
        view.put("includeSubunits", subscription.includeSubunits());
        view.put("status", subscription.status());
        view.put("delivery", Map.of(
                "retrySchedule", subscription.delivery().retrySchedule().stream().map(Object::toString).toList(),
                "timeout", subscription.delivery().timeout().toString(),
                "maxConcurrency", subscription.delivery().maxConcurrency()));
        return view;
    }
}
