package no.budstikke.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import no.budstikke.event.CloudEvent;

/**
 * One publish request waiting for the next group commit, the future its HTTP request waits on, and the trace
 * context of the publish (a W3C traceparent stored with its events; null while tracing is off).
 */
record PendingPublish(List<CloudEvent> events, String traceparent, CompletableFuture<List<Registration>> result) {

    /**
     * Each request is itself only (the group commit keys its outcomes by request): a record's own equality would
     * hash every event's JSON tree on the commit thread, which every publish waits for.
     */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
