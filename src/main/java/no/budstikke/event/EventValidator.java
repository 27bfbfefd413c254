package no.budstikke.event;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Checks one CloudEvent against CloudEvents 1.0 and the hub's own rules, collecting every bad field. */
public final class EventValidator {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]{1,20}");
    private static final Pattern URN = Pattern.compile(
            "(?i)urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,\\-.:=@;$_!*'%/?#~&]+");
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Set<String> URI_ATTRIBUTES = Set.of("dataschema", "affectedentityuri");
    private static final Map<String, Integer> MAX_LENGTH = Map.of(
            "id", 256, "source", 1024, "type", 256, "resource", 256,
            "subject", 512, "alternativesubject", 512, "affectedentityuri", 2048, "dataschema", 2048,
            "datacontenttype", 256);
    private static final int MAX_EXTENSION_LENGTH = 2048;

    /** Returns every problem of the event; the field names carry {@code prefix} (e.g. {@code [3].}). */
    public List<FieldError> validate(JsonNode node, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (!(node instanceof ObjectNode event)) {
            errors.add(new FieldError(prefix.isEmpty() ? "$" : prefix.substring(0, prefix.length() - 1),
                    "an event must be a JSON object"));
            return errors;
        }
        JsonNode specversion = event.get("specversion");
        if (specversion == null || specversion.isNull()) {
            errors.add(new FieldError(prefix + "specversion", "is required"));
        } else if (!specversion.isTextual() || !"1.0".equals(specversion.asText())) {
            errors.add(new FieldError(prefix + "specversion", "must be the string \"1.0\""));
        }
        requiredString(event, "id", prefix, errors);
        requiredString(event, "type", prefix, errors);
        if (requiredString(event, "source", prefix, errors) && !isUriReference(event.get("source").asText())) {
            errors.add(new FieldError(prefix + "source", "must be a URI-reference"));
        }
        if (requiredString(event, "resource", prefix, errors) && !URN.matcher(event.get("resource").asText()).matches()) {
            errors.add(new FieldError(prefix + "resource", "must be a URN such as urn:altinn:resource:skd-skattemelding"));
        }
        if (optionalString(event, "time", prefix, errors) && !isRfc3339(event.get("time").asText())) {
            errors.add(new FieldError(prefix + "time", "must be an RFC 3339 timestamp with an offset, e.g. 2024-05-01T10:00:00Z"));
        }
        for (String attribute : List.of("subject", "alternativesubject", "datacontenttype")) {
            optionalString(event, attribute, prefix, errors);
        }
        for (String attribute : URI_ATTRIBUTES) {
            if (optionalString(event, attribute, prefix, errors) && !isUriReference(event.get(attribute).asText())) {
                errors.add(new FieldError(prefix + attribute, "must be a URI"));
            }
        }
        checkData(event, prefix, errors);
        checkExtensions(event, prefix, errors);
        return errors;
    }

    private static boolean requiredString(ObjectNode event, String attribute, String prefix, List<FieldError> errors) {
        JsonNode value = event.get(attribute);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(prefix + attribute, "is required"));
            return false;
        }
        return checkString(value, attribute, prefix, errors);
    }

    private static boolean optionalString(ObjectNode event, String attribute, String prefix, List<FieldError> errors) {
        JsonNode value = event.get(attribute);
        return value != null && checkString(value, attribute, prefix, errors);
    }

    private static boolean checkString(JsonNode value, String attribute, String prefix, List<FieldError> errors) {
        if (!value.isTextual()) {
            errors.add(new FieldError(prefix + attribute, "must be a string"));
            return false;
        }
        String text = value.asText();
        if (text.isEmpty()) {
            errors.add(new FieldError(prefix + attribute, "must not be empty"));
            return false;
        }
        int max = MAX_LENGTH.getOrDefault(attribute, MAX_EXTENSION_LENGTH);
        if (text.length() > max) {
            errors.add(new FieldError(prefix + attribute, "is longer than " + max + " characters"));
            return false;
        }
        if (hasControlCharacter(text)) {
            errors.add(new FieldError(prefix + attribute, "must not contain control characters"));
            return false;
        }
        return true;
    }

    private static void checkData(ObjectNode event, String prefix, List<FieldError> errors) {
        JsonNode base64 = event.get("data_base64");
        if (base64 == null) {
            return;
        }
        if (event.has("data")) {
            errors.add(new FieldError(prefix + "data_base64", "must not be given together with data"));
        } else if (!base64.isTextual()) {
            errors.add(new FieldError(prefix + "data_base64", "must be a base64 string"));
        } else {
            try {
                Base64.getDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(prefix + "data_base64", "is not valid base64"));
            }
        }
    }

    private static void checkExtensions(ObjectNode event, String prefix, List<FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("data") || name.equals("data_base64")) {
                continue;
            }
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                errors.add(new FieldError(prefix + sanitize(name),
                        "is not a valid attribute name (lower-case letters and digits, at most 20)"));
                continue;
            }
            JsonNode value = field.getValue();
            if (isKnown(name)) {
                continue;
            }
            if (value.isTextual()) {
                checkString(value, name, prefix, errors);
            } else if (!(value.isBoolean() || value.isIntegralNumber())) {
                errors.add(new FieldError(prefix + name, "an extension must be a string, an integer or a boolean"));
            }
        }
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "specversion", "id", "source", "type", "resource", "time", "subject", "alternativesubject",
                    "datacontenttype", "dataschema", "affectedentityuri" -> true;
            default -> false;
        };
    }

    private static boolean isUriReference(String value) {
        if (hasControlCharacter(value) || value.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isRfc3339(String value) {
        if (!RFC3339.matcher(value).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.toUpperCase(Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return true;
            }
        }
        return false;
    }

    private static String sanitize(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return out.toString();
    }
}
