package no.budstikke.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One validated CloudEvent as the publisher sent it: its JSON form, the exact text that is stored, and a hash
 * of its content (independent of attribute order) that decides whether a resend is the same event.
 */
public record CloudEvent(ObjectNode json, String payload, String contentHash) {

    public String id() {
        return text("id");
    }

    public String source() {
        return text("source");
    }

    public String type() {
        return text("type");
    }

    public String resource() {
        return text("resource");
    }

    public String subject() {
        return text("subject");
    }

    public String alternativeSubject() {
        return text("alternativesubject");
    }

    private String text(String attribute) {
        JsonNode value = json.get(attribute);
        return value == null || value.isNull() ? null : value.asText();
    }
}
