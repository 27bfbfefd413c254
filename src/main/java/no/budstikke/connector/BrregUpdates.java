package no.budstikke.connector;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Enhetsregisteret updates feed (Brønnøysund), read for the route {@code connector-brreg}: pages of unit
 * updates after the checkpoint (the last {@code oppdateringsid} handled), each mapped to a CloudEvent
 * {@code no.brreg.enhetsregisteret.enhet.{endringstype}} about {@code /organisation/{organisasjonsnummer}}, with
 * an id derived from the update's own id so that re-reading a page stores nothing twice.
 */
public final class BrregUpdates implements PolledFeed {

    public static final String NAME = "brreg";
    public static final String SOURCE = "https://data.brreg.no/enhetsregisteret/api/oppdateringer/enheter";
    public static final String TYPE_PREFIX = "no.brreg.enhetsregisteret.enhet.";

    private static final Set<String> CHANGE_TYPES = Set.of("ny", "endring", "sletting", "fjernet", "ukjent");
    private static final Pattern ORGANISATION_NUMBER = Pattern.compile("\\d{9}");

    private final URI base;
    private final int pageSize;
    private final String resource;
    private final long startAfter;
    private final ConnectorState state;
    private final FeedClient client;
    private final PollSchedule schedule;
    private final UnmappableEntries unmappable;
    private final ObjectMapper json;

    /**
     * {@code base}: the API's address (e.g. {@code https://data.brreg.no}); {@code startAfter}: the update id
     * taken as handled when the connector has no checkpoint yet.
     */
    public BrregUpdates(URI base, int pageSize, String resource, long startAfter, ConnectorState state,
            FeedClient client, PollSchedule schedule, ObjectMapper json) {
        this.base = base;
        this.pageSize = pageSize;
        this.resource = resource;
        this.startAfter = startAfter;
        this.state = state;
        this.client = client;
        this.schedule = schedule;
        this.unmappable = new UnmappableEntries(NAME, state, json);
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PollSchedule schedule() {
        return schedule;
    }

    public boolean due() {
        return schedule.due();
    }

    /** The next page of updates after the checkpoint; an empty page when the feed has nothing newer. */
    public FeedPage fetch() {
        long last = state.checkpointNumber(NAME, startAfter);
        URI uri = URI.create(trimmed(base) + "/enhetsregisteret/api/oppdateringer/enheter?oppdateringsid=" + (last + 1)
                + "&size=" + pageSize);
        FeedClient.Response response = client.get(uri, Map.of("Accept", "application/hal+json, application/json"));
        if (response.status() == 429) {
            schedule.notBefore(response.retryAfter(Duration.ofSeconds(60)));
            return FeedPage.nothingNew(last);
        }
        if (response.status() != 200) {
            throw new FeedUnavailableException("Enhetsregisteret answered " + response.status() + " ("
                    + response.errorCode() + ")");
        }
        JsonNode updates = response.readJson().path("_embedded").path("oppdaterteEnheter");
        if (!updates.isArray() || updates.isEmpty()) {
            schedule.caughtUp();
            schedule.succeeded();
            return FeedPage.nothingNew(last);
        }
        List<JsonNode> entries = new ArrayList<>(updates.size());
        long position = last;
        for (JsonNode update : updates) {
            entries.add(update);
            if (update.path("oppdateringsid").canConvertToLong()) {
                position = Math.max(position, update.path("oppdateringsid").asLong());
            }
        }
        if (position == last) {
            // Without an id past the checkpoint the connector could not move; asking again later is all it can do.
            throw new FeedUnavailableException("Enhetsregisteret answered a page without an oppdateringsid after " + last);
        }
        if (entries.size() >= pageSize) {
            schedule.more();
        } else {
            schedule.caughtUp();
        }
        return new FeedPage(entries, position);
    }

    /** The update as a CloudEvent, or null when it cannot be mapped (it is then parked). */
    public ObjectNode toEvent(JsonNode update) {
        JsonNode id = update.path("oppdateringsid");
        if (!id.isIntegralNumber() || id.asLong() < 1) {
            return unmappable.park(null, "oppdateringsid is missing or not a positive whole number", update);
        }
        String key = id.asText();
        String change = update.path("endringstype").asText("").toLowerCase(Locale.ROOT);
        if (!CHANGE_TYPES.contains(change)) {
            return unmappable.park(key, "endringstype is not one of Ny, Endring, Sletting, Fjernet, Ukjent", update);
        }
        String organisation = update.path("organisasjonsnummer").asText("");
        if (!ORGANISATION_NUMBER.matcher(organisation).matches()) {
            return unmappable.park(key, "organisasjonsnummer is missing or not nine digits", update);
        }
        String time = update.path("dato").asText("");
        try {
            OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            return unmappable.park(key, "dato is missing or not a timestamp with an offset", update);
        }
        String unit = update.path("_links").path("enhet").path("href").asText("");
        if (!unit.startsWith("https://") && !unit.startsWith("http://")) {
            return unmappable.park(key, "_links.enhet.href is missing or not an http(s) address", update);
        }
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "brreg-enhet-" + key);
        event.put("source", SOURCE);
        event.put("type", TYPE_PREFIX + change);
        event.put("resource", resource);
        event.put("subject", "/organisation/" + organisation);
        event.put("time", time);
        event.put("affectedentityuri", unit);
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("oppdateringsid", id.asLong());
        data.put("organisasjonsnummer", organisation);
        data.put("endringstype", update.path("endringstype").asText());
        data.put("dato", time);
        return unmappable.acceptable(event, key, update);
    }

    /** The page's events are committed (or all of it was parked): the checkpoint moves past it. */
    public void advance(long position) {
        state.advance(NAME, Long.toString(position));
        schedule.succeeded();
    }

    static String trimmed(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
