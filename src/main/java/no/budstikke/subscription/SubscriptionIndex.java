package no.budstikke.subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory index the dispatcher matches every committed event against: subscriptions by resource, then by
 * subject, alternative subject, or neither; type and source filters are checked on the few candidates left.
 * Reads take no lock; a change rewrites only the one list it touches, and a reload builds a whole new
 * index in one pass and swaps it in at once.
 */
public final class SubscriptionIndex {

    private volatile Entries entries = Entries.load(List.of());

    /** The attributes of an event that matching looks at. */
    public record EventKey(String resource, String source, String type, String subject, String alternativeSubject) {
    }

    /** Every indexed subscription whose filters the event satisfies. */
    public List<Subscription> match(EventKey event) {
        ResourceSubscriptions candidates = entries.byResource().get(event.resource());
        if (candidates == null) {
            return List.of();
        }
        List<Subscription> matches = new ArrayList<>();
        candidates.collect(event, matches);
        return matches;
    }

    /** Adds or replaces a subscription. */
    public synchronized void put(Subscription subscription) {
        Entries current = entries;
        Subscription previous = current.byId().put(subscription.id(), subscription);
        if (previous != null) {
            current.unfile(previous);
        }
        current.byResource().computeIfAbsent(subscription.filter().resource(), r -> new ResourceSubscriptions())
                .add(subscription);
    }

    public synchronized void remove(UUID id) {
        Entries current = entries;
        Subscription previous = current.byId().remove(id);
        if (previous != null) {
            current.unfile(previous);
        }
    }

    /** Replaces the whole index, e.g. after listening for changes was interrupted. */
    public synchronized void replaceAll(List<Subscription> subscriptions) {
        entries = Entries.load(subscriptions);
    }

    public int size() {
        return entries.byId().size();
    }

    public static boolean accepts(SubscriptionFilter filter, EventKey event) {
        if (filter.subject() != null && !filter.subject().equals(event.subject())) {
            return false;
        }
        if (filter.alternativeSubject() != null && !filter.alternativeSubject().equals(event.alternativeSubject())) {
            return false;
        }
        if (filter.sourcePrefix() != null && (event.source() == null || !event.source().startsWith(filter.sourcePrefix()))) {
            return false;
        }
        String type = filter.type();
        if (type == null) {
            return true;
        }
        // regionMatches rather than startsWith(substring): the same test without a new string per candidate.
        return type.endsWith("*")
                ? event.type().regionMatches(0, type, 0, type.length() - 1)
                : type.equals(event.type());
    }

    /** One generation of the index: what replaceAll swaps in, and what put and remove change in place. */
    private record Entries(ConcurrentHashMap<String, ResourceSubscriptions> byResource,
            ConcurrentHashMap<UUID, Subscription> byId) {

        static Entries load(List<Subscription> subscriptions) {
            ConcurrentHashMap<UUID, Subscription> byId = new ConcurrentHashMap<>(subscriptions.size());
            Map<String, ResourceSubscriptions.Builder> builders = new HashMap<>();
            SubscriptionCompactor compactor = new SubscriptionCompactor();
            // Backwards, so that of several subscriptions with one id the last wins, as if each had been put.
            for (ListIterator<Subscription> it = subscriptions.listIterator(subscriptions.size()); it.hasPrevious();) {
                Subscription subscription = it.previous();
                if (!byId.containsKey(subscription.id())) {
                    Subscription compact = compactor.compact(subscription);
                    byId.put(compact.id(), compact);
                    builders.computeIfAbsent(compact.filter().resource(), r -> new ResourceSubscriptions.Builder())
                            .add(compact);
                }
            }
            ConcurrentHashMap<String, ResourceSubscriptions> byResource = new ConcurrentHashMap<>(builders.size());
            builders.forEach((resource, builder) -> byResource.put(resource, builder.build()));
            return new Entries(byResource, byId);
        }

        void unfile(Subscription subscription) {
            String resource = subscription.filter().resource();
            ResourceSubscriptions filed = byResource.get(resource);
            filed.remove(subscription);
            if (filed.isEmpty()) {
                byResource.remove(resource);
            }
        }
    }
}
