package no.budstikke.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;

/**
 * Reads and checks a subscription request in Altinn's shape ({@code endPoint}, {@code resourceFilter},
 * {@code sourceFilter}, {@code subjectFilter}, {@code alternativeSubjectFilter}, {@code typeFilter},
 * {@code includeSubunits}) plus the hub's {@code delivery} settings, naming every bad field. As Altinn does, it
 * takes field names in any letter case and derives an app's resource from an app {@code sourceFilter}.
 */
public final class SubscriptionRequestReader {

    private static final Set<String> FIELDS = Set.of("endPoint", "resourceFilter", "sourceFilter", "subjectFilter",
            "alternativeSubjectFilter", "typeFilter", "includeSubunits", "delivery");
    /** Fields of Altinn's subscription that the server assigns: a client may send them back; they are ignored. */
    private static final Set<String> ASSIGNED = Set.of("id", "consumer", "createdBy", "created", "validated");
    private static final Map<String, String> CANONICAL = canonical();
    /** An Altinn app's source: {@code https://{org}.apps.{host}/{org}/{app}}, without a trailing slash. */
    private static final Pattern APP_SOURCE = Pattern.compile("https://[a-z0-9-]+\\.apps\\.[^/?#]+(/[^?#]*)?");
    private static final Pattern APP_PATH = Pattern.compile("/([a-z0-9-]+)/([a-z0-9-]+)");
    private static final String APP_RESOURCE = "urn:altinn:resource:app_%s_%s";
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
        body = canonicalNames((ObjectNode) body, errors);
        String endPoint = text(body, "endPoint", true, errors);
        if (endPoint != null) {
            checkEndPoint(endPoint, errors);
        }
        String source = text(body, "sourceFilter", false, errors);
        String appResource = source == null ? null : appResource(source, errors);
        String resource = text(body, "resourceFilter", appResource == null, errors);
        if (resource != null && !URN.matcher(resource).matches()) {
            errors.add(new FieldError("resourceFilter", "must be a resource URN such as urn:altinn:resource:skd-skattemelding"));
        } else if (resource != null && appResource != null && !resource.equals(appResource)) {
            errors.add(new FieldError("resourceFilter", "does not match the app of sourceFilter: must be "
                    + appResource + " or left out"));
        }
        String subject = text(body, "subjectFilter", false, errors);
        String alternativeSubject = text(body, "alternativeSubjectFilter", false, errors);
        String type = text(body, "typeFilter", false, errors);
        if (type != null && type.indexOf('*') >= 0 && type.indexOf('*') != type.length() - 1) {
            errors.add(new FieldError("typeFilter", "may only end in * (a prefix), not contain it elsewhere"));
        }
        boolean includeSubunits = includeSubunits(body.get("includeSubunits"), subject, errors);
        DeliveryPolicy delivery = delivery(body.get("delivery"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidEventException("The subscription is invalid", errors);
        }
        return new SubscriptionRequest(endPoint, new SubscriptionFilter(resource == null ? appResource : resource,
                source, subject, alternativeSubject, type), delivery, includeSubunits);
    }

    /**
     * The request with each field under its canonical name (Altinn binds names in any letter case); fields the
     * server assigns are dropped, fields of no model are reported.
     */
    private static ObjectNode canonicalNames(ObjectNode body, List<FieldError> errors) {
        ObjectNode named = body.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = CANONICAL.get(field.getKey().toLowerCase(Locale.ROOT));
            if (name == null) {
                errors.add(new FieldError(field.getKey(), "is not a subscription field"));
            } else if (named.has(name)) {
                errors.add(new FieldError(field.getKey(), "is given twice (field names are case-insensitive)"));
            } else if (!ASSIGNED.contains(name)) {
                named.set(name, field.getValue());
            } else {
                named.putNull(name);
            }
        }
        ASSIGNED.forEach(named::remove);
        return named;
    }

    /**
     * The resource of an Altinn app's source filter ({@code urn:altinn:resource:app_{org}_{app}}), or null when the
     * filter is not an app's source. Altinn refuses an app source that does not name exactly one app.
     */
    private static String appResource(String source, List<FieldError> errors) {
        Matcher appSource = APP_SOURCE.matcher(source);
        if (!appSource.matches()) {
            return null;
        }
        Matcher app = APP_PATH.matcher(appSource.group(1) == null ? "" : appSource.group(1));
        if (!app.matches()) {
            errors.add(new FieldError("sourceFilter",
                    "an app's source must name one app: https://{org}.apps.{host}/{org}/{app}, no trailing slash"));
            return null;
        }
        return String.format(APP_RESOURCE, app.group(1), app.group(2));
    }

    private static boolean includeSubunits(JsonNode value, String subject, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError("includeSubunits", "must be true or false"));
            return false;
        }
        if (value.booleanValue() && subject == null) {
            errors.add(new FieldError("includeSubunits", "needs a subjectFilter"));
            return false;
        }
        return value.booleanValue();
    }

    private static Map<String, String> canonical() {
        Map<String, String> names = new HashMap<>();
        FIELDS.forEach(name -> names.put(name.toLowerCase(Locale.ROOT), name));
        ASSIGNED.forEach(name -> names.put(name.toLowerCase(Locale.ROOT), name));
        return Map.copyOf(names);
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
