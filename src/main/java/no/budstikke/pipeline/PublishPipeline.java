package no.budstikke.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PublishAuthorizer;
import no.budstikke.authorization.PublishDeniedException;
import no.budstikke.metrics.HubMetrics;
import no.budstikke.event.CloudEvent;
import no.budstikke.event.EventNormalizer;
import no.budstikke.event.FieldError;
import no.budstikke.event.Refusal;
import no.budstikke.store.GroupCommitWriter;
import no.budstikke.store.RefusalLog;
import no.budstikke.store.Registration;
import no.budstikke.store.StoreUnavailableException;
import no.budstikke.tracing.TraceSpan;
import no.budstikke.tracing.Tracing;

/**
 * The publish pipeline every door calls: the door reads its request ({@link Reading}), then normalize (parse and
 * validate) → authorize (may this publisher publish to these resources?) → commit (group commit; durable before it
 * returns) → count (accepted, duplicates, or rejected by reason, each by door; a refusal also goes to the
 * {@link RefusalLog} for its publisher). A refusal is thrown as the {@link Refusal} it is, for the door to answer
 * in its own way. While tracing is on each request is a span
 * ({@code event publish}, ending at its commit) whose context is stored with the events, for their dispatch and
 * pushes to continue.
 */
public final class PublishPipeline {

    private static final Pattern BATCH_INDEX = Pattern.compile("^\\[\\d+\\]\\.?");
    private static final Pattern DIGITS = Pattern.compile("\\d{6,}");
    private static final int MAX_FIELDS = 200;

    /** A door's first step: reads one request; it may already refuse it (too large, unreadable, wrong type). */
    @FunctionalInterface
    public interface Reading {
        Submission read() throws IOException;
    }

    /**
     * A request normalized, authorized and handed to the group commit, not yet known to be committed; with who sent
     * it and its events, for the refusal log should the commit refuse it (a conflict).
     */
    public record Pending(Door door, CompletableFuture<List<Registration>> commit, Identity publisher,
            List<CloudEvent> events) {
    }

    private final EventNormalizer normalizer;
    private final PublishAuthorizer authorizer;
    private final GroupCommitWriter writer;
    private final HubMetrics metrics;
    private final RefusalLog refusals;
    private final Tracing tracing;

    public PublishPipeline(EventNormalizer normalizer, PublishAuthorizer authorizer, GroupCommitWriter writer,
            HubMetrics metrics, RefusalLog refusals, Tracing tracing) {
        this.refusals = refusals;
        this.tracing = tracing;
        this.normalizer = normalizer;
        this.authorizer = authorizer;
        this.writer = writer;
        this.metrics = metrics;
        Door.BUILT_IN.forEach(door -> metrics.door(door.id()));
    }

    /** Publishes one request and returns its registrations once they are committed (a duplicate is not created). */
    public List<Registration> publish(Door door, Reading reading) {
        return await(submit(door, null, reading));
    }

    /**
     * As {@link #publish(Door, Reading)}, for a door that knows who publishes before it reads the request (an
     * authenticated HTTP caller), so a refusal while reading is still the publisher's.
     */
    public List<Registration> publish(Door door, Identity caller, Reading reading) {
        return await(submit(door, caller, reading));
    }

    /**
     * The steps up to the hand-over to the group commit, for a door with many requests at hand (AMQP): it submits
     * them all, so they share commits, and then awaits each.
     */
    public Pending submit(Door door, Reading reading) {
        return submit(door, null, reading);
    }

    private Pending submit(Door door, Identity caller, Reading reading) {
        Identity publisher = caller;
        TraceSpan span = TraceSpan.NONE;
        try {
            Submission submission = reading.read();
            publisher = submission.publisher();
            if (tracing.on()) {
                // A child of the context the door received (AMQP), else of the request's server span, else a new trace.
                span = tracing.start("event publish", submission.traceparent() == null ? Tracing.Kind.INTERNAL
                        : Tracing.Kind.CONSUMER, submission.traceparent()).tag("budstikke.door", door.id());
            }
            List<CloudEvent> events;
            CompletableFuture<List<Registration>> commit;
            try (TraceSpan.Scope scope = span.scope()) {
                events = normalizer.normalize(submission.input());
                authorizer.authorize(publisher, events);
                commit = writer.publishLater(events, span.traceparent());
            }
            if (span != TraceSpan.NONE) {
                TraceSpan publish = span.tag("budstikke.events", events.size());
                commit.whenComplete((registrations, failure) -> publish.end(failure));
            }
            return new Pending(door, commit, publisher, events);
        } catch (IOException e) {
            metrics.rejected(door.id(), "error");
            span.end(e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            metrics.rejected(door.id(), reason(e));
            refused(door, publisher, null, e);
            span.end(e);
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
            refused(pending.door(), pending.publisher(), oneResource(pending.events()), e);
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

    /**
     * Logs a refusal for its publisher to see: the reason word, the resource when known and the names of the
     * fields at fault — never a message, which may quote the request. The hub's own failures are not refusals, and
     * a refusal before the publisher is known (an unreadable AMQP message) is only counted.
     */
    private void refused(Door door, Identity publisher, String resource, RuntimeException failure) {
        if (!(failure instanceof Refusal refusal) || publisher == null) {
            return;
        }
        String denied = refusal instanceof PublishDeniedException forbidden ? forbidden.resource() : null;
        String named = denied != null ? denied : resource;
        // Identity's text form hides a person's number: a person publisher is logged as /person/***.
        refusals.record(new RefusalLog.RefusedPublish(publisher.toString(), door.id(), refusal.reason(),
                named == null ? "" : named, fields(refusal), Instant.now()));
    }

    /**
     * The names of the fields at fault, without batch indexes ({@code [3].source} is {@code source}), sorted, at most
     * 200 characters. A bad extension's name is the publisher's own text, so long runs of digits in it (a personal
     * number used as a name) are blotted out.
     */
    static String fields(Refusal refusal) {
        TreeSet<String> names = new TreeSet<>();
        for (FieldError error : refusal.errors()) {
            String name = BATCH_INDEX.matcher(error.field()).replaceFirst("");
            names.add(name.isEmpty() ? "$" : DIGITS.matcher(name).replaceAll("#"));
        }
        String joined = String.join(", ", names);
        if (joined.length() <= MAX_FIELDS) {
            return joined;
        }
        // At a whole name where one ends within the limit; a first name longer than the limit alone is cut inside.
        int end = joined.lastIndexOf(", ", MAX_FIELDS);
        return end > 0 ? joined.substring(0, end) + ", …" : joined.substring(0, MAX_FIELDS) + "…";
    }

    private static String oneResource(List<CloudEvent> events) {
        String resource = null;
        for (CloudEvent event : events) {
            if (resource == null) {
                resource = event.resource();
            } else if (!resource.equals(event.resource())) {
                return null;
            }
        }
        return resource;
    }

    private static String reason(RuntimeException failure) {
        if (failure instanceof Refusal refusal) {
            return refusal.reason();
        }
        return failure instanceof StoreUnavailableException ? "unavailable" : "error";
    }
}
