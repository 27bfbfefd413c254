package no.budstikke.connector;

import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.budstikke.event.FieldError;
import no.budstikke.event.InvalidEventException;

/**
 * The Altinn 2 bridge's reader: turns a legacy XML document (one {@code <LegacyEvent>} or a {@code <LegacyEvents>}
 * list, namespace {@value #NAMESPACE}) into CloudEvents, or refuses the whole document naming every field that is
 * wrong. The parser reads no DTD, entity or other external resource: a document declaring a DOCTYPE is refused.
 */
public final class Altinn2EventReader {

    public static final String NAMESPACE = "urn:budstikke:altinn2:bridge:v1";

    private static final String EVENT = "LegacyEvent";
    private static final String EVENTS = "LegacyEvents";
    private static final List<String> FIELDS = List.of("EventId", "ServiceCode", "ServiceEditionCode", "EventType",
            "ReporteeType", "ReporteeNumber", "ArchiveReference", "Created");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern CODE = Pattern.compile("\\d{1,10}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    private static final Pattern ORGANISATION_NUMBER = Pattern.compile("\\d{9}");
    private static final Pattern PERSON_NUMBER = Pattern.compile("\\d{11}");
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final int MAX_TEXT = 256;

    private final XMLInputFactory factory;

    public Altinn2EventReader() {
        // The JDK's own StAX parser, whatever else is on the class path, so the settings below are known to hold.
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not read");
        });
    }

    /** The CloudEvents of a document: one object for a {@code <LegacyEvent>}, an array for {@code <LegacyEvents>}. */
    public JsonNode read(byte[] document) {
        if (document.length == 0) {
            throw refused(List.of(new FieldError("$", "is empty: send a LegacyEvent or LegacyEvents document")));
        }
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new ByteArrayInputStream(document));
            return read(xml);
        } catch (XMLStreamException e) {
            throw refused(List.of(new FieldError("$", "is not well-formed XML" + where(e) + ": " + reason(e))));
        } finally {
            close(xml);
        }
    }

    private JsonNode read(XMLStreamReader xml) throws XMLStreamException {
        List<FieldError> errors = new ArrayList<>();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.DTD) {
                throw refused(List.of(new FieldError("$",
                        "must not declare a DOCTYPE: the bridge accepts no DTDs or entity declarations")));
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                break;
            }
        }
        if (!xml.isStartElement()) {
            throw refused(List.of(new FieldError("$", "has no root element")));
        }
        String root = xml.getLocalName();
        if (!NAMESPACE.equals(xml.getNamespaceURI()) || !(EVENT.equals(root) || EVENTS.equals(root))) {
            throw refused(List.of(new FieldError("$", "must be a " + EVENT + " or " + EVENTS + " element in namespace "
                    + NAMESPACE + ", not " + qualified(xml))));
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        JsonNode result;
        if (EVENT.equals(root)) {
            result = event(readFields(xml, "", errors), "", errors);
        } else {
            ArrayNode events = json.arrayNode();
            Set<String> keys = new HashSet<>();
            int index = 0;
            while (nextChild(xml, EVENTS, errors)) {
                String prefix = EVENT + "[" + index + "].";
                if (!NAMESPACE.equals(xml.getNamespaceURI()) || !EVENT.equals(xml.getLocalName())) {
                    errors.add(new FieldError(EVENT + "[" + index + "]", "must be a " + EVENT + " element in namespace "
                            + NAMESPACE + ", not " + qualified(xml)));
                    skipElement(xml);
                } else {
                    ObjectNode mapped = event(readFields(xml, prefix, errors), prefix, errors);
                    if (mapped != null && !keys.add(mapped.get("source").asText() + " " + mapped.get("id").asText())) {
                        errors.add(new FieldError(prefix + "EventId", "repeats an EventId of the same service earlier in the list"));
                    }
                    events.add(mapped == null ? json.nullNode() : mapped);
                }
                index++;
            }
            if (index == 0) {
                errors.add(new FieldError(EVENTS, "must contain at least one " + EVENT));
            }
            result = events;
        }
        while (xml.hasNext()) {
            xml.next();
        }
        if (!errors.isEmpty()) {
            throw refused(errors);
        }
        return result;
    }

    /** The text of each child element of the current one (which it consumes), or errors naming the odd ones. */
    private Map<String, String> readFields(XMLStreamReader xml, String prefix, List<FieldError> errors)
            throws XMLStreamException {
        Map<String, String> fields = new LinkedHashMap<>();
        String parent = xml.getLocalName();
        while (nextChild(xml, parent, errors)) {
            String name = xml.getLocalName();
            if (!NAMESPACE.equals(xml.getNamespaceURI()) || !FIELDS.contains(name)) {
                errors.add(new FieldError(prefix + name, "is not an element of " + EVENT + " (expected one of "
                        + String.join(", ", FIELDS) + " in namespace " + NAMESPACE + ")"));
                skipElement(xml);
            } else if (fields.containsKey(name)) {
                errors.add(new FieldError(prefix + name, "appears more than once"));
                skipElement(xml);
            } else {
                String text = text(xml);
                if (text == null) {
                    errors.add(new FieldError(prefix + name, "must contain text only, not elements"));
                    fields.put(name, null);
                } else {
                    fields.put(name, text.strip());
                }
            }
        }
        return fields;
    }

    /** Maps one event's fields; null (with the errors added) when any is missing or wrong. */
    private static ObjectNode event(Map<String, String> fields, String prefix, List<FieldError> errors) {
        int before = errors.size();
        String eventId = field(fields, "EventId", prefix, errors, EVENT_ID,
                "must be 1 to 128 letters, digits or . _ : - (starting with a letter or digit)");
        String serviceCode = field(fields, "ServiceCode", prefix, errors, CODE, "must be a number of 1 to 10 digits");
        String edition = field(fields, "ServiceEditionCode", prefix, errors, CODE, "must be a number of 1 to 10 digits");
        String eventType = field(fields, "EventType", prefix, errors, EVENT_TYPE,
                "must be a name of letters, digits or . _ - starting with a letter, e.g. FormSubmitted");
        String reporteeType = field(fields, "ReporteeType", prefix, errors, Pattern.compile("Organisation|Person"),
                "must be Organisation or Person");
        String reportee = reporteeNumber(fields, reporteeType, prefix, errors);
        String archiveReference = field(fields, "ArchiveReference", prefix, errors, null, null);
        String created = created(fields, prefix, errors);
        if (errors.size() > before) {
            return null;
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", "urn:altinn:altinn2:service:" + serviceCode + ":" + edition);
        event.put("type", "altinn2." + eventType);
        event.put("resource", "urn:altinn:resource:se_" + serviceCode + "_" + edition);
        event.put("subject", ("Organisation".equals(reporteeType) ? "/organisation/" : "/person/") + reportee);
        event.put("time", created);
        event.putObject("data").put("archiveReference", archiveReference);
        return event;
    }

    private static String field(Map<String, String> fields, String name, String prefix, List<FieldError> errors,
            Pattern format, String formatMessage) {
        String value = fields.get(name);
        if (value == null && fields.containsKey(name)) {
            return null; // present but not text: already named
        }
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(prefix + name, "is required"));
            return null;
        }
        if (format != null && !format.matcher(value).matches()) {
            errors.add(new FieldError(prefix + name, formatMessage));
            return null;
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(prefix + name, "must be at most " + MAX_TEXT + " characters, without control characters"));
            return null;
        }
        return value;
    }

    /** Digits only, nine for an organisation and eleven for a person; the value itself is never echoed (personal data). */
    private static String reporteeNumber(Map<String, String> fields, String reporteeType, String prefix,
            List<FieldError> errors) {
        Pattern format = "Organisation".equals(reporteeType) ? ORGANISATION_NUMBER
                : "Person".equals(reporteeType) ? PERSON_NUMBER : Pattern.compile("\\d{9}|\\d{11}");
        String message = "Organisation".equals(reporteeType) ? "must be an organisation number of 9 digits"
                : "Person".equals(reporteeType) ? "must be a national identity number of 11 digits"
                : "must be an organisation number (9 digits) or a national identity number (11 digits)";
        return field(fields, "ReporteeNumber", prefix, errors, format, message);
    }

    private static String created(Map<String, String> fields, String prefix, List<FieldError> errors) {
        String created = field(fields, "Created", prefix, errors, RFC3339,
                "must be a date and time with an offset, e.g. 2026-09-14T10:15:30.000+02:00");
        if (created == null) {
            return null;
        }
        try {
            OffsetDateTime.parse(created);
            return created;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(prefix + "Created", "is not a real date and time"));
            return null;
        }
    }

    /** Moves to the next child element of {@code parent}; false at its end tag. Stray text is an error. */
    private static boolean nextChild(XMLStreamReader xml, String parent, List<FieldError> errors)
            throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT:
                    return true;
                case XMLStreamConstants.END_ELEMENT:
                    return false;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA:
                    if (!xml.isWhiteSpace() && !xml.getText().isBlank()) {
                        errors.add(new FieldError(parent, "must contain elements only, not text"));
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    /** The text of the current element up to its end tag, or null (element skipped) when it has child elements. */
    private static String text(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE:
                    text.append(xml.getText());
                    break;
                case XMLStreamConstants.START_ELEMENT:
                    skipElement(xml); // the child element
                    skipElement(xml); // the rest of this one
                    return null;
                case XMLStreamConstants.END_ELEMENT:
                    return text.toString();
                default:
                    break;
            }
        }
        return text.toString();
    }

    private static void skipElement(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static String qualified(XMLStreamReader xml) {
        String namespace = xml.getNamespaceURI();
        return (namespace == null || namespace.isEmpty() ? "" : "{" + namespace + "}") + xml.getLocalName();
    }

    private static String where(XMLStreamException e) {
        return e.getLocation() == null || e.getLocation().getLineNumber() < 0 ? ""
                : " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")";
    }

    /** The parser's own message without its location prefix. */
    private static String reason(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("Message: ");
        return (at >= 0 ? message.substring(at + "Message: ".length()) : message).strip();
    }

    private static InvalidEventException refused(List<FieldError> errors) {
        return new InvalidEventException("The Altinn 2 document is not valid; none of its events was stored", errors);
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // nothing was held open but the byte array
            }
        }
    }
}
