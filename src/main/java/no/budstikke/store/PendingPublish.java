package no.budstikke.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import no.budstikke.event.CloudEvent;

/**
 * One publish request waiting for the next group commit, the future its HTTP request waits on, and the trace
 * context of the publish (a W3C traceparent stored with its events; null while tracing is off).
 */
record PendingPublish(List<CloudEvent> events, String traceparent, CompletableFuture<List<Registration>> result) {
}
