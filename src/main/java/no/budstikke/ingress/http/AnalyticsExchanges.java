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
 * sees all); and {@code GET …/analytics/subscriptions/{id}}, the health of one of the caller's subscriptions.
 */
public final class AnalyticsExchanges {

    private static final Duration MAX_HOURS = Duration.ofDays(31);
    private static final Duration MAX_DAYS = Duration.ofDays(400);

    private final AnalyticsReports reports;
    private final Subscriptions subscriptions;
    private final SubscriptionHealth health;
    private final Supplier<List<ResourceRules>> resources;
    private final ObjectMapper mapper;
    private final String adminAuthority;

    public AnalyticsExchanges(AnalyticsReports reports, Subscriptions subscriptions, SubscriptionHealth health,
            Supplier<List<ResourceRules>> resources, ObjectMapper mapper, String adminScope) {
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
