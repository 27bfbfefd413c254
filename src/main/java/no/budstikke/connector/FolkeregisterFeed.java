package no.budstikke.connector;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Folkeregisteret's event list ("hendelsesliste"), read for the route {@code connector-folkeregisteret}: pages from
 * the checkpoint (the next sequence number), each entry mapped to a CloudEvent about {@code /person/{identifier}}
 * with an id derived from its sequence number. It sends the page's {@code ETag} back ({@code 304}: nothing new)
 * and waits out {@code 429 Retry-After}. The identifier is personal data: it goes into the event's subject and
 * nowhere else — not into data, reasons or logs.
 */
public final class FolkeregisterFeed implements PolledFeed {

    public static final String NAME = "folkeregisteret";
    public static final String TYPE_PREFIX = "no.skatteetaten.folkeregisteret.hendelse.";

    private static final Pattern IDENTITY_NUMBER = Pattern.compile("\\d{11}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,99}");

    private final URI feed;
    private final String source;
    private final int pageSize;
    private final String resource;
    private final long startAt;
    private final ConnectorState state;
    private final FeedClient client;
    private final PollSchedule schedule;
    private final UnmappableEntries unmappable;
    private final ObjectMapper json;
    private long etagSeq = -1;
    private String etag;

    /**
     * {@code base}: the API's address; {@code rettighetspakke}: the access package in the path (e.g.
     * {@code offentligmedhjemmel}); {@code pageSize}: how many entries make a full page (the feed's 1000);
     * {@code startAt}: the first sequence number to ask for when the connector has no checkpoint yet.
     */
    public FolkeregisterFeed(URI base, String rettighetspakke, int pageSize, String resource, long startAt,
            ConnectorState state, FeedClient client, PollSchedule schedule, ObjectMapper json) {
        String path = "/folkeregisteret/" + rettighetspakke + "/api/v1/hendelser";
        this.feed = URI.create(BrregUpdates.trimmed(base) + path + "/feed");
        // The production address whatever url points at (a gateway, a fake): event ids stay the same either way.
        this.source = "https://folkeregisteret.api.skatteetaten.no" + path;
        this.pageSize = pageSize;
        this.resource = resource;
        this.startAt = startAt;
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

    public String source() {
        return source;
    }

    public boolean due() {
        return schedule.due();
    }

    /** The entries from the checkpoint on; an empty page when nothing is new ({@code 304}, {@code []}, {@code 429}). */
    public synchronized FeedPage fetch() {
        long seq = state.checkpointNumber(NAME, startAt);
        Map<String, String> headers = new HashMap<>(Map.of("Accept", "application/json"));
        if (etag != null && etagSeq == seq) {
            headers.put("If-None-Match", etag);
        }
        FeedClient.Response response = client.get(URI.create(feed + "?seq=" + seq), headers);
        if (response.status() == 304) {
            schedule.caughtUp();
            schedule.succeeded();
            return FeedPage.nothingNew(seq);
        }
        if (response.status() == 429) {
            schedule.notBefore(response.retryAfter(Duration.ofSeconds(60)));
            return FeedPage.nothingNew(seq);
        }
        if (response.status() != 200) {
            throw new FeedUnavailableException("Folkeregisteret answered " + response.status() + " ("
                    + response.errorCode() + ")");
        }
        JsonNode page = response.readJson();
        if (!page.isArray()) {
            throw new FeedUnavailableException("Folkeregisteret answered " + response.status()
                    + " with a body that is not a list");
        }
        response.header("ETag").ifPresent(tag -> {
            etag = tag;
            etagSeq = seq;
        });
        if (page.isEmpty()) {
            schedule.caughtUp();
            schedule.succeeded();
            return FeedPage.nothingNew(seq);
        }
        List<JsonNode> entries = new ArrayList<>(page.size());
        long next = seq;
        for (JsonNode entry : page) {
            entries.add(entry);
            if (entry.path("sekvensnummer").canConvertToLong()) {
                next = Math.max(next, entry.path("sekvensnummer").asLong() + 1);
            }
        }
        if (next == seq) {
            // Without a sequence number past the checkpoint the connector could not move; it asks again later.
            throw new FeedUnavailableException("Folkeregisteret answered a page without a sequence number from " + seq);
        }
        if (entries.size() >= pageSize) {
            schedule.more();
        } else {
            schedule.caughtUp();
        }
        return new FeedPage(entries, next);
    }

    /** The entry as a CloudEvent, or null when it cannot be mapped (it is then parked). */
    public ObjectNode toEvent(JsonNode entry) {
        JsonNode seq = entry.path("sekvensnummer");
        if (!seq.isIntegralNumber() || seq.asLong() < 0) {
            return unmappable.park(null, "sekvensnummer is missing or not a whole number", entry);
        }
        String key = seq.asText();
        JsonNode hendelse = entry.path("hendelse");
        if (!hendelse.isObject()) {
            return unmappable.park(key, "hendelse is missing", entry);
        }
        // The published documentation spells the field both ways.
        String type = hendelse.hasNonNull("hendelsetype") ? hendelse.path("hendelsetype").asText()
                : hendelse.path("hendelsestype").asText("");
        if (!EVENT_TYPE.matcher(type).matches()) {
            return unmappable.park(key, "hendelsetype (or hendelsestype) is missing or not a name", entry);
        }
        String person = hendelse.path("folkeregisteridentifikator").asText("");
        if (!IDENTITY_NUMBER.matcher(person).matches()) {
            return unmappable.park(key, "folkeregisteridentifikator is missing or not eleven digits", entry);
        }
        String time = hendelse.path("ajourholdstidspunkt").asText(null);
        if (time != null) {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                return unmappable.park(key, "ajourholdstidspunkt is not a timestamp with an offset", entry);
            }
        }
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", "folkeregisteret-" + key);
        event.put("source", source);
        event.put("type", TYPE_PREFIX + type);
        event.put("resource", resource);
        event.put("subject", "/person/" + person);
        if (time != null) {
            event.put("time", time);
        }
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("sekvensnummer", seq.asLong());
        data.put("hendelsetype", type);
        copyText(hendelse, "hendelsesdokument", data);
        copyText(hendelse, "persondokument", data);
        return unmappable.acceptable(event, key, entry);
    }

    /** The page's events are committed (or all of it was parked): the checkpoint moves to the next sequence number. */
    public void advance(long next) {
        state.advance(NAME, Long.toString(next));
        schedule.succeeded();
    }

    private static void copyText(JsonNode from, String field, ObjectNode to) {
        if (from.path(field).isTextual()) {
            to.put(field, from.path(field).asText());
        }
    }
}
