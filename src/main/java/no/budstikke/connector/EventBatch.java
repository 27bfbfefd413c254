package no.budstikke.connector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the events a connector's split mapped from one page into one batch (a JSON array, in feed order), so the
 * page is published all or nothing in one commit; an entry that was parked (mapped to nothing) is left out.
 */
public final class EventBatch implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange batch, Exchange mapped) {
        Exchange result = batch == null ? mapped : batch;
        ArrayNode events = batch == null ? JsonNodeFactory.instance.arrayNode() : batch.getIn().getBody(ArrayNode.class);
        if (mapped.getIn().getBody() instanceof ObjectNode event) {
            events.add(event);
        }
        result.getIn().setBody(events);
        return result;
    }
}
