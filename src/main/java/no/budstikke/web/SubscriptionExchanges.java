package no.budstikke.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import no.budstikke.authorization.Identity;
import no.budstikke.config.CallerFilter;
import no.budstikke.event.CloudEventCodec;
import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionRequestReader;
import no.budstikke.subscription.Subscriptions;
import org.apache.camel.Exchange;

/** The HTTP edge of the subscriptions API: reads requests into the domain, writes subscriptions back as JSON. */
public final class SubscriptionExchanges {

    private static final int MAX_BODY = 64 * 1024;

    private final Subscriptions subscriptions;
    private final SubscriptionRequestReader reader;
    private final CloudEventCodec codec;
    private final ObjectMapper mapper;

    public SubscriptionExchanges(Subscriptions subscriptions, SubscriptionRequestReader reader, CloudEventCodec codec,
            ObjectMapper mapper) {
        this.subscriptions = subscriptions;
        this.reader = reader;
        this.codec = codec;
        this.mapper = mapper;
    }

    /** {@code POST /subscriptions}: 201 with the new subscription and its secret, or 200 with the identical one. */
    public void create(Exchange exchange) throws IOException {
        Identity caller = caller(exchange);
        byte[] body = HttpExchanges.body(exchange.getIn(), MAX_BODY);
        Subscriptions.Created created = subscriptions.create(caller, reader.read(codec.parse(body)));
        Map<String, Object> view = view(created.subscription());
        if (created.signingSecret() != null) {
            view.put("signingSecret", created.signingSecret());
        }
        json(exchange, created.created() ? 201 : 200, view);
    }

    /** {@code GET /subscriptions} (the caller's own) and {@code GET} or {@code DELETE /subscriptions/{id}} (owner only). */
    public void read(Exchange exchange) throws IOException {
        HttpServletRequest request = HttpExchanges.request(exchange);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String rest = path.startsWith("/subscriptions") ? path.substring("/subscriptions".length()) : path;
        String id = rest.startsWith("/") ? rest.substring(1) : rest;
        Identity caller = CallerFilter.callerOf(request);
        if (id.isEmpty() && "GET".equals(request.getMethod())) {
            List<Map<String, Object>> views = subscriptions.list(caller).stream().map(SubscriptionExchanges::view).toList();
            json(exchange, 200, views);
        } else if (id.isEmpty() || id.contains("/")) {
            throw new no.budstikke.subscription.SubscriptionNotFoundException(id);
        } else if ("DELETE".equals(request.getMethod())) {
            subscriptions.delete(caller, id);
            HttpExchanges.respond(exchange, 204, "application/json", new byte[0]);
        } else {
            Subscription subscription = subscriptions.get(caller, id);
            Map<String, Object> view = view(subscription);
            if (Subscription.PENDING_VALIDATION.equals(subscription.status())) {
                Map<String, Object> validation = new LinkedHashMap<>(subscriptions.validationState(subscription));
                validation.computeIfPresent("nextAttempt", (k, v) -> v.toString());
                view.put("validation", validation);
            }
            json(exchange, 200, view);
        }
    }

    private static Identity caller(Exchange exchange) {
        return CallerFilter.callerOf(HttpExchanges.request(exchange));
    }

    private void json(Exchange exchange, int status, Object body) throws IOException {
        HttpExchanges.respond(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    private static Map<String, Object> view(Subscription subscription) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subscription.id().toString());
        view.put("endPoint", subscription.endPoint());
        view.put("resourceFilter", subscription.filter().resource());
        view.put("sourceFilter", subscription.filter().sourcePrefix());
        view.put("subjectFilter", subscription.filter().subject());
        view.put("alternativeSubjectFilter", subscription.filter().alternativeSubject());
        view.put("typeFilter", subscription.filter().type());
        view.put("consumer", subscription.consumer());
        view.put("createdBy", subscription.createdBy());
        view.put("created", subscription.created().toString());
        view.put("status", subscription.status());
        view.put("delivery", Map.of(
                "retrySchedule", subscription.delivery().retrySchedule().stream().map(Object::toString).toList(),
                "timeout", subscription.delivery().timeout().toString(),
                "maxConcurrency", subscription.delivery().maxConcurrency()));
        return view;
    }
}
