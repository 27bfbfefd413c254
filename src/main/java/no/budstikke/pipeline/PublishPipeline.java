package no.budstikke.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.event.CloudEvent;
import no.budstikke.event.EventNormalizer;
import no.budstikke.event.Refusal;
import no.budstikke.store.GroupCommitWriter;
import no.budstikke.store.Registration;
import no.budstikke.store.StoreUnavailableException;

/**
 * The publish pipeline every door calls: the door reads its request ({@link Reading}), then normalize (parse and
 * validate) → authorize (may this publisher publish to these resources?) → commit (group commit; durable before it
 * returns) → count (accepted, duplicates, or rejected by reason, each by door). A refusal is thrown as the
 * {@link Refusal} it is, for the door to answer in its own way.
 */
public final class PublishPipeline {

    /** A door's first step: reads one request; it may already refuse it (too large, unreadable, wrong type). */
    @FunctionalInterface
    public interface Reading {
        Submission read() throws IOException;
    }

    /** A request normalized, authorized and handed to the group commit, not yet known to be committed. */
    public record Pending(Door door, CompletableFuture<List<Registration>> commit) {
    }

    private final EventNormalizer normalizer;
    private final PublishAuthorizer authorizer;
    private final GroupCommitWriter writer;
    private final HubMetrics metrics;

    public PublishPipeline(EventNormalizer normalizer, PublishAuthorizer authorizer, GroupCommitWriter writer,
            HubMetrics metrics) {
        this.normalizer = normalizer;
        this.authorizer = authorizer;
        this.writer = writer;
        this.metrics = metrics;
        Door.BUILT_IN.forEach(door -> metrics.door(door.id()));
    }

    /** Publishes one request and returns its registrations once they are committed (a duplicate is not created). */
    public List<Registration> publish(Door door, Reading reading) {
        return await(submit(door, reading));
    }

    /**
     * The steps up to the hand-over to the group commit, for a door with many requests at hand (AMQP): it submits
     * them all, so they share commits, and then awaits each.
     */
    public Pending submit(Door door, Reading reading) {
        try {
            Submission submission = reading.read();
            List<CloudEvent> events = normalizer.normalize(submission.input());
            authorizer.authorize(submission.publisher(), events);
            return new Pending(door, writer.publishLater(events));
        } catch (IOException e) {
            metrics.rejected(door.id(), "error");
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            metrics.rejected(door.id(), reason(e));
            throw e;
        }
    }

    /** Waits for a submitted request's commit and counts it; a conflict is refused here. */
    public List<Registration> await(Pending pending) {
        List<Registration> registrations;
        try {
            registrations = writer.await(pending.commit());
        } catch (RuntimeException e) {
            metrics.rejected(pending.door().id(), reason(e));
            throw e;
        }
        long created = 0;
        for (Registration registration : registrations) {
            if (registration.created()) {
                created++;
            }
        }
        metrics.accepted(pending.door().id(), created, registrations.size() - created);
        return registrations;
    }

    private static String reason(RuntimeException failure) {
        if (failure instanceof Refusal refusal) {
            return refusal.reason();
        }
        return failure instanceof StoreUnavailableException ? "unavailable" : "error";
    }
}
