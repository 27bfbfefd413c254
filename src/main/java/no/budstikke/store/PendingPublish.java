package no.budstikke.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import no.budstikke.event.CloudEvent;

/** One publish request waiting for the next group commit, and the future its HTTP request waits on. */
record PendingPublish(List<CloudEvent> events, CompletableFuture<List<Registration>> result) {
}
