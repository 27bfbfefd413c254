package no.budstikke.subscription;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import no.budstikke.authorization.Audit;
import no.budstikke.authorization.Denial;
import no.budstikke.authorization.EventAccess;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.PolicyDecisionPoint;

/**
 * The subscriptions API's domain: creates a subscription once the PDP lets the consumer read what it asks for,
 * hands out its signing secret exactly once, and lets only the owner (or an administrator) see or delete it.
 */
public class Subscriptions {

    private final SubscriptionStore store;
    private final PolicyDecisionPoint pdp;
    private final Audit audit;
    private final SubscriptionChanges changes;
    private final SubscriberQueues queues;
    private final QueueReaders readers;
    private final SecureRandom random = new SecureRandom();

    public Subscriptions(SubscriptionStore store, PolicyDecisionPoint pdp, Audit audit, SubscriptionChanges changes,
            SubscriberQueues queues, QueueReaders readers) {
        this.audit = audit;
        this.store = store;
        this.pdp = pdp;
        this.changes = changes;
        this.queues = queues;
        this.readers = readers;
    }

    /** The outcome of a create: the subscription, its secret when it is new, and whether it is new. */
    public record Created(Subscription subscription, String signingSecret, boolean created) {
    }

    public Created create(Identity consumer, SubscriptionRequest request) {
        SubscriptionFilter filter = request.filter();
        if (!pdp.maySubscribe(consumer, filter.resource(), filter.subject(), filter.alternativeSubject())) {
            audit.denied(Denial.of("subscribe", consumer, "subscribe",
                    new EventAccess(filter.resource(), filter.subject(), filter.alternativeSubject()), null));
            throw new SubscribeDeniedException(consumer + " may not subscribe to " + filter.resource()
                    + (filter.subject() == null && filter.alternativeSubject() == null
                    ? " without a subject filter" : " for that subject"));
        }
        checkQueueReader(consumer, request.endPoint());
        String status = request.endPoint().startsWith("amqp:") ? Subscription.ACTIVE : Subscription.PENDING_VALIDATION;
        Subscription subscription = new Subscription(UUID.randomUUID(), consumer.value(), consumer.value(),
                request.endPoint(), filter, request.delivery(), status,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), 0, request.includeSubunits());
        String secret = newSecret();
        SubscriptionStore.Insert insert = store.insertUnlessPresent(subscription, secret, fingerprint(consumer, request));
        if (insert.inserted()) {
            changes.announce(subscription.id());
        }
        // Also when the subscription was already there: a create that failed here is mended by asking again.
        String queue = SubscriberQueues.of(request.endPoint());
        if (queue != null) {
            queues.open(queue);
        }
        return insert.inserted() ? new Created(insert.subscription(), secret, true)
                : new Created(insert.subscription(), null, false);
    }

    /**
     * The subscription by the number the API shows, for its owner or an administrator. As in Altinn, anyone else
     * is refused (403) rather than told it does not exist: the numbers are sequential, so hiding one hides nothing.
     */
    public Subscription get(Identity caller, boolean admin, String id) {
        Subscription subscription = store.find(parse(id)).orElseThrow(() -> new SubscriptionNotFoundException(id));
        if (!admin && !subscription.consumer().equals(caller.value())) {
            throw new SubscriptionForbiddenException(caller + " did not create subscription " + id);
        }
        return subscription;
    }

    /** The validation state of a webhook subscription still waiting for its endpoint's consent. */
    public java.util.Map<String, Object> validationState(Subscription subscription) {
        return store.validationState(subscription.id());
    }

    public List<Subscription> list(Identity caller) {
        return store.ofConsumer(caller.value());
    }

    /** A page of the caller's own subscriptions, by number after {@code afterNumber}. */
    public List<Subscription> page(Identity caller, long afterNumber, int size) {
        return store.ofConsumer(caller.value(), afterNumber, size);
    }

    /** How many subscriptions the caller has. */
    public long count(Identity caller) {
        return store.countOfConsumer(caller.value());
    }

    public void delete(Identity caller, boolean admin, String id) {
        Subscription subscription = get(caller, admin, id);
        store.delete(subscription.id());
        changes.announce(subscription.id());
        String queue = SubscriberQueues.of(subscription.endPoint());
        if (queue != null) {
            queues.release(queue);
        }
    }

    /** Stops deliveries to a subscription whose endpoint answered {@code 410 Gone}; every node hears of it. */
    public void disable(UUID id) {
        if (store.disable(id)) {
            changes.announce(id);
        }
    }

    /**
     * An {@code amqp:} subscription fills a queue that some broker user reads: that user must act for the consumer,
     * or the consumer could send what it may read to another identity (and flood its queue).
     */
    private void checkQueueReader(Identity consumer, String endPoint) {
        String queue = SubscriberQueues.of(endPoint);
        if (queue != null && !readers.readBy(consumer.value(), queue)) {
            throw new SubscribeDeniedException(consumer + " may not deliver into the queue " + queue
                    + ": no broker user acting for " + consumer + " reads it (budstikke.broker.users)");
        }
    }

    /** {@code whsec_} and 32 random bytes in base64, as Standard Webhooks signing secrets look. */
    private String newSecret() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static long parse(String id) {
        if (id == null || id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
            throw new SubscriptionNotFoundException(id);
        }
        return Long.parseLong(id);
    }

    private static String fingerprint(Identity consumer, SubscriptionRequest request) {
        SubscriptionFilter f = request.filter();
        String canonical = String.join("\u0000", consumer.value(), request.endPoint(), f.resource(),
                Objects.toString(f.sourcePrefix(), ""), Objects.toString(f.subject(), ""),
                Objects.toString(f.alternativeSubject(), ""), Objects.toString(f.type(), ""),
                request.delivery().toString()) + (request.includeSubunits() ? "\u0000subunits" : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
