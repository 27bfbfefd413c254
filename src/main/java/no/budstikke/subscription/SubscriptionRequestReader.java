package no.budstikke.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import no.budstikke.delivery.EndpointGuard;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;

/**
 * Reads and checks a subscription request in Altinn's shape ({@code endPoint}, {@code resourceFilter},
 * {@code sourceFilter}, {@code subjectFilter}, {@code alternativeSubjectFilter}, {@code typeFilter}) plus the
 * hub's {@code delivery} settings, naming every bad field.
 */
public final class SubscriptionRequestReader {

    private static final Set<String> FIELDS = Set.of("endPoint", "resourceFilter", "sourceFilter", "subjectFilter",
            "alternativeSubjectFilter", "typeFilter", "delivery");
    private static final Pattern URN = Pattern.compile("(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\\S+");
    static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** The hub's and the broker's own queues: events delivered into them would be read as the hub's work. */
    static final Pattern RESERVED_QUEUE =
            Pattern.compile("(?i)budstikke\\..*|events\\.inbound.*|activemq\\..*|DLQ|ExpiryQueue");
    private static final Duration MIN_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofDays(1);
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_RETRIES = 20;
    private static final int MAX_CONCURRENCY = 64;

    private final Set<String> plainHttpHosts;
    private final EndpointGuard guard;

    /**
     * {@code plainHttpHosts}: hosts that may be reached over plain http (e.g. localhost in development);
     * {@code guard}: refuses endpoints on non-public addresses.
     */
    public SubscriptionRequestReader(Set<String> plainHttpHosts, EndpointGuard guard) {
        this.plainHttpHosts = Set.copyOf(plainHttpHosts);
        this.guard = guard;
    }

    public SubscriptionRequest read(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidEventException("A subscription must be a JSON object", List.of(new FieldError("$", "must be an object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a subscription field"));
            }
        }
        String endPoint = text(body, "endPoint", true, errors);
        if (endPoint != null) {
            checkEndPoint(endPoint, errors);
        }
        String resource = text(body, "resourceFilter", true, errors);
        if (resource != null && !URN.matcher(resource).matches()) {
            errors.add(new FieldError("resourceFilter", "must be a resource URN such as urn:altinn:resource:skd-skattemelding"));
        }
        String source = text(body, "sourceFilter", false, errors);
        String subject = text(body, "subjectFilter", false, errors);
        String alternativeSubject = text(body, "alternativeSubjectFilter", false, errors);
        String type = text(body, "typeFilter", false, errors);
        if (type != null && type.indexOf('*') >= 0 && type.indexOf('*') != type.length() - 1) {
            errors.add(new FieldError("typeFilter", "may only end in * (a prefix), not contain it elsewhere"));
        }
        DeliveryPolicy delivery = delivery(body.get("delivery"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidEventException("The subscription is invalid", errors);
        }
        return new SubscriptionRequest(endPoint, new SubscriptionFilter(resource, source, subject, alternativeSubject, type),
                delivery);
    }

    private void checkEndPoint(String endPoint, List<FieldError> errors) {
        if (endPoint.startsWith("amqp:")) {
            if (!QUEUE.matcher(endPoint.substring(5)).matches()) {
                errors.add(new FieldError("endPoint", "amqp:{queue} needs a queue name of letters, digits, '.', '_' or '-'"));
            } else if (RESERVED_QUEUE.matcher(endPoint.substring(5)).matches()) {
                errors.add(new FieldError("endPoint", "amqp:{queue} may not name the hub's own queues "
                        + "(budstikke.*, events.inbound*, activemq.*, DLQ, ExpiryQueue)"));
            }
            return;
        }
        try {
            URI uri = new URI(endPoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                errors.add(new FieldError("endPoint", "must be an absolute URL with a host and no user info"));
            } else if (scheme.equals("http") && !plainHttpHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("endPoint", "must use https (plain http only for the configured development hosts)"));
            } else if (!scheme.equals("https") && !scheme.equals("http")) {
                errors.add(new FieldError("endPoint", "must be an https URL or amqp:{queue}"));
            } else {
                String refusal = guard.refusal(uri);
                if (refusal != null) {
                    errors.add(new FieldError("endPoint", refusal));
                }
            }
        } catch (URISyntaxException e) {
            errors.add(new FieldError("endPoint", "is not a valid URL"));
        }
    }

    private static DeliveryPolicy delivery(JsonNode node, List<FieldError> errors) {
        DeliveryPolicy defaults = DeliveryPolicy.defaults();
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("delivery", "must be an object"));
            return defaults;
        }
        List<Duration> schedule = defaults.retrySchedule();
        JsonNode retry = node.get("retrySchedule");
        if (retry != null) {
            if (!retry.isArray() || retry.isEmpty() || retry.size() > MAX_RETRIES) {
                errors.add(new FieldError("delivery.retrySchedule", "must be a list of 1 to " + MAX_RETRIES + " ISO-8601 durations"));
            } else {
                schedule = new ArrayList<>();
                for (int i = 0; i < retry.size(); i++) {
                    Duration delay = duration(retry.get(i), "delivery.retrySchedule[" + i + "]", MIN_RETRY, MAX_RETRY, errors);
                    schedule.add(delay);
                }
            }
        }
        Duration timeout = node.has("timeout")
                ? duration(node.get("timeout"), "delivery.timeout", MIN_TIMEOUT, MAX_TIMEOUT, errors)
                : defaults.timeout();
        int concurrency = defaults.maxConcurrency();
        JsonNode max = node.get("maxConcurrency");
        if (max != null) {
            if (!max.isInt() || max.asInt() < 1 || max.asInt() > MAX_CONCURRENCY) {
                errors.add(new FieldError("delivery.maxConcurrency", "must be a whole number from 1 to " + MAX_CONCURRENCY));
            } else {
                concurrency = max.asInt();
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("retrySchedule", "timeout", "maxConcurrency").contains(name)) {
                errors.add(new FieldError("delivery." + name, "is not a delivery setting"));
            }
        }
        return new DeliveryPolicy(List.copyOf(schedule.stream().map(d -> d == null ? MIN_RETRY : d).toList()),
                timeout == null ? defaults.timeout() : timeout, concurrency);
    }

    private static Duration duration(JsonNode node, String field, Duration min, Duration max, List<FieldError> errors) {
        if (node == null || !node.isTextual()) {
            errors.add(new FieldError(field, "must be an ISO-8601 duration such as PT30S"));
            return null;
        }
        try {
            Duration value = Duration.parse(node.asText());
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                errors.add(new FieldError(field, "must be between " + min + " and " + max));
                return null;
            }
            return value;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 duration such as PT30S"));
            return null;
        }
    }

    private static String text(JsonNode body, String field, boolean required, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        String text = value.asText();
        if (text.length() > 2048 || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(new FieldError(field, "is too long or contains control characters"));
            return null;
        }
        return text;
    }
}
