package no.budstikke.connector;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.budstikke.event.EventValidator;
import no.budstikke.event.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a connector's entries that cannot become events go: parked in PostgreSQL with the reason (counted, and
 * listed for an admin), so the connector moves on. A mapped event is checked by the hub's own validator first, so
 * that one odd entry is parked instead of failing the whole page's batch. Reasons and logs name the entry by its
 * feed key only, never by its content (which may be a national identity number).
 */
public final class UnmappableEntries {

    private static final Logger LOG = LoggerFactory.getLogger(UnmappableEntries.class);

    private final String connector;
    private final ConnectorState state;
    private final ObjectMapper json;
    private final EventValidator validator = new EventValidator();

    public UnmappableEntries(String connector, ConnectorState state, ObjectMapper json) {
        this.connector = connector;
        this.state = state;
        this.json = json;
    }

    /** Parks the entry and returns null, the "no event" a connector's mapping step answers with. */
    public ObjectNode park(String entryKey, String reason, JsonNode entry) {
        String text;
        try {
            text = json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            text = String.valueOf(entry);
        }
        state.park(connector, entryKey, reason, text);
        LOG.warn("Connector {} parked entry {}: {}", connector, entryKey == null ? "(no key)" : entryKey, reason);
        return null;
    }

    /** The event when the hub would accept it; otherwise the entry is parked with the validator's findings. */
    public ObjectNode acceptable(ObjectNode event, String entryKey, JsonNode entry) {
        List<FieldError> errors = validator.validate(event, "");
        if (errors.isEmpty()) {
            return event;
        }
        return park(entryKey, "not a valid CloudEvent: " + errors.stream()
                .map(error -> error.field() + " " + error.message()).collect(Collectors.joining("; ")), entry);
    }
}
