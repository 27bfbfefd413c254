package no.budstikke.connector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One read of a feed: its entries in feed order and the checkpoint to store once their events are committed
 * (the last update id handled, or the next sequence number to ask for).
 */
public record FeedPage(List<JsonNode> entries, long position) {

    public static FeedPage nothingNew(long position) {
        return new FeedPage(List.of(), position);
    }

    public boolean hasEntries() {
        return !entries.isEmpty();
    }
}
