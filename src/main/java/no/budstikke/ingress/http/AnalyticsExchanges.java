package no.budstikke.ingress.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.analytics.AnalyticsRange;
import no.budstikke.analytics.AnalyticsReports;
import no.budstikke.analytics.RelationWindow;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.ResourceRules;
import no.budstikke.security.CallerFilter;
import no.budstikke.delivery.SubscriptionHealth;
import no.budstikke.store.RefusalLog;
import no.budstikke.event.FieldError;
import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.Subscriptions;
import no.budstikke.web.ForbiddenException;
import no.budstikke.web.InvalidQueryException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.security.core.Authentication;

/**
 * The HTTP edge of the analytics API, {@code GET …/analytics/{instances|tasks|relations|events|deliveries}}:
 * reads the period, range and window, and limits the answer to the resources the caller owns (an administrator
 * sees all); {@code GET …/analytics/refusals}, the caller's refused publishes; and
 * {@code GET …/analytics/subscriptions/{id}}, the health of one of the caller's subscriptions, or
 * {@code GET …/analytics/subscriptions}, a page of them with their health.
 */
public final class AnalyticsExchanges {

    private static final Duration MAX_HOURS = Duration.ofDays(31);
    private static final Duration MAX_DAYS = Duration.ofDays(400);
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;
    private static final String ALL = "all";

    private final AnalyticsReports reports;
    private final Subscriptions subscriptions;
    private final SubscriptionHealth health;
    private final RefusalLog refusalLog;
    private final Supplier<List<ResourceRules>> resources;
    private final ObjectMapper mapper;
    private final String adminAuthority;

    public AnalyticsExchanges(AnalyticsReports reports, Subscriptions subscriptions, SubscriptionHealth health,
            RefusalLog refusalLog, Supplier<List<ResourceRules>> resources, ObjectMapper mapper, String adminScope) {
        this.refusalLog = refusalLog;
        this.reports = reports;
        this.subscriptions = subscriptions;
        this.health = health;
        this.resources = resources;
        this.mapper = mapper;
        this.adminAuthority = "SCOPE_" + adminScope;
    }

    /** {@code GET …/analytics/subscriptions/{id}}: the health of one of the caller's subscriptions. */
    public void subscriptionHealth(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        Subscription subscription = subscriptions.get(CallerFilter.callerOf(request), isAdmin(request),
                exchange.getIn().getHeader("id", String.class));
        HttpExchanges.respond(exchange, 200, "application/json", mapper.writeValueAsBytes(health.of(subscription.id())));
    }

    /**
     * {@code GET …/analytics/subscriptions?after=&size=}: a page of the caller's own subscriptions, each with its
     * health as {@link #subscriptionHealth} answers it, read for the whole page at once; {@code next} continues.
     */
    public void subscriptionHealths(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        List<FieldError> errors = new ArrayList<>();
        long after = 0;
        int size = DEFAULT_PAGE;
        try {
            after = HttpExchanges.number(request.getParameter("after"), "after", 0, Long.MAX_VALUE, 0);
        } catch (InvalidQueryException e) {
            errors.addAll(e.errors());
        }
        try {
            size = (int) HttpExchanges.number(request.getParameter("size"), "size", 1, MAX_PAGE, DEFAULT_PAGE);
        } catch (InvalidQueryException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        Identity caller = CallerFilter.callerOf(request);
        List<Subscription> page = subscriptions.page(caller, after, size);
        Map<UUID, Map<String, Object>> healths = health.of(page.stream().map(Subscription::id).toList());
        List<Map<String, Object>> views = new ArrayList<>();
        for (Subscription subscription : page) {
            Map<String, Object> view = SubscriptionExchanges.view(subscription);
            view.put("health", healths.get(subscription.id()));
            views.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", subscriptions.count(caller));
        body.put("subscriptions", views);
        long last = page.isEmpty() ? after : page.get(page.size() - 1).number();
        body.put("next", request.getRequestURL() + "?after=" + last + "&size=" + size);
        HttpExchanges.respond(exchange, 200, "application/json", mapper.writeValueAsBytes(body));
    }

    /** {@code GET …/analytics/{report}}: one report over the period, range and window the query asks for. */
    public Processor report(String report) {
        return exchange -> answer(exchange, HttpExchanges.request(exchange), report);
    }

    private void answer(Exchange exchange, HttpServletRequest request, String report) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        String period = request.getParameter("period") == null ? AnalyticsRange.DAY : request.getParameter("period");
        if (!AnalyticsRange.DAY.equals(period) && !AnalyticsRange.HOUR.equals(period)) {
            errors.add(new FieldError("period", "must be hour or day"));
        }
        RelationWindow window = null;
        if ("relations".equals(report)) {
            String name = request.getParameter("window") == null ? "P1D" : request.getParameter("window");
            window = RelationWindow.named(name);
            if (window == null) {
                errors.add(new FieldError("window", "must be one of " + String.join(", ", RelationWindow.names())));
            }
        }
        Instant to = time(request, "to", errors);
        Instant from = time(request, "from", errors);
        int top = 10;
        try {
            top = (int) HttpExchanges.number(request.getParameter("top"), "top", 1, 100, 10);
        } catch (InvalidQueryException e) {
            errors.addAll(e.errors());
        }
        Duration longest = AnalyticsRange.HOUR.equals(period) ? MAX_HOURS : MAX_DAYS;
        if (to == null && request.getParameter("to") == null) {
            to = Instant.now();
        }
        if (from == null && request.getParameter("from") == null && to != null) {
            from = to.minus(AnalyticsRange.HOUR.equals(period) ? Duration.ofDays(2) : Duration.ofDays(30));
        }
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                errors.add(new FieldError("from", "must be before to"));
            } else if (Duration.between(from, to).compareTo(longest) > 0) {
                errors.add(new FieldError("from", "must be at most " + longest.toDays() + " days before to for period "
                        + period));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        if ("refusals".equals(report)) {
            refusals(exchange, request, AnalyticsRange.covering(period, from, to));
            return;
        }
        List<String> scope = scope(request);
        AnalyticsRange range = AnalyticsRange.covering(period, from, to);
        Map<String, Object> body = new LinkedHashMap<>();
        if (window != null) {
            body.put("window", window.isoName());
        } else {
            body.put("period", range.period());
        }
        body.put("from", range.from().toString());
        body.put("to", range.to().toString());
        switch (report) {
            case "instances" -> body.put("apps", reports.instances(scope, range));
            case "tasks" -> body.put("apps", reports.tasks(scope, range));
            case "relations" -> body.put("pairs", reports.relations(scope,  window,
                    AnalyticsRange.covering(AnalyticsRange.DAY, from, to), top));
            case "events" -> body.put("resources", reports.events(scope, range));
            default -> body.put("resources", reports.deliveries(scope, range));
        }
        HttpExchanges.respond(exchange, 200, "application/json", mapper.writeValueAsBytes(body));
    }

    /**
     * The refused publishes of the caller, or — for an administrator — of the {@code publisher} named, or of all
     * ({@code publisher=all}). A person's refusals are logged without their number, so no person sees any.
     */
    private void refusals(Exchange exchange, HttpServletRequest request, AnalyticsRange range) throws IOException {
        String publisher = request.getParameter("publisher");
        Identity caller = CallerFilter.callerOf(request);
        String own = caller == null ? "" : caller.toString();
        // /person/*** stands for every person: none of them may see the others' refusals.
        boolean hidden = caller == null || !own.equals(caller.value());
        if (publisher == null || publisher.equals(own)) {
            publisher = own;
        } else if (!isAdmin(request)) {
            throw new ForbiddenException("Only an administrator may see the refusals of another publisher");
        } else {
            hidden = false;
            publisher = ALL.equals(publisher) ? null : publisher;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", range.period());
        body.put("from", range.from().toString());
        body.put("to", range.to().toString());
        body.put("refusals", hidden ? List.of()
                : refusalLog.report(publisher, range.period(), range.from(), range.to()));
        HttpExchanges.respond(exchange, 200, "application/json", mapper.writeValueAsBytes(body));
    }

    /** The resources the caller may see: null for all (administrator), else those it owns, narrowed by {@code resource}. */
    private List<String> scope(HttpServletRequest request) {
        String resource = request.getParameter("resource");
        if (isAdmin(request)) {
            return resource == null ? null : List.of(resource);
        }
        Identity caller = CallerFilter.callerOf(request);
        List<String> owned = resources.get().stream()
                .filter(rules -> caller != null && caller.value().equals(rules.owner())).map(ResourceRules::id).toList();
        if (resource == null) {
            return owned;
        }
        if (!owned.contains(resource)) {
            throw new ForbiddenException("Only the owner of " + resource + " (or an administrator) may see its analytics");
        }
        return List.of(resource);
    }

    private boolean isAdmin(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof Authentication authentication
                && authentication.getAuthorities().stream().anyMatch(a -> adminAuthority.equals(a.getAuthority()));
    }

    private static Instant time(HttpServletRequest request, String name, List<FieldError> errors) {
        String value = request.getParameter(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an RFC 3339 time with an offset, e.g. 2026-11-30T00:00:00Z"));
            return null;
        }
    }
}
