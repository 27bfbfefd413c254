package no.budstikke.subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory index the dispatcher matches every committed event against: subscriptions by resource, then by
 * subject, alternative subject, or neither; type and source filters are checked on the few candidates left.
 * Reads take no lock (each resource's bucket is an immutable snapshot); changes replace one bucket.
 */
public final class SubscriptionIndex {

    private final ConcurrentHashMap<String, Bucket> byResource = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, String> resourceOf = new ConcurrentHashMap<>();

    /** The attributes of an event that matching looks at. */
    public record EventKey(String resource, String source, String type, String subject, String alternativeSubject) {
    }

    /** Every indexed subscription whose filters the event satisfies. */
    public List<Subscription> match(EventKey event) {
        Bucket bucket = byResource.get(event.resource());
        if (bucket == null) {
            return List.of();
        }
        List<Subscription> matches = new ArrayList<>();
        collect(bucket.anySubject, event, matches);
        if (event.subject() != null) {
            collect(bucket.bySubject.getOrDefault(event.subject(), List.of()), event, matches);
        }
        if (event.alternativeSubject() != null) {
            collect(bucket.byAlternativeSubject.getOrDefault(event.alternativeSubject(), List.of()), event, matches);
        }
        return matches;
    }

    /** Adds or replaces a subscription. */
    public synchronized void put(Subscription subscription) {
        remove(subscription.id());
        String resource = subscription.filter().resource();
        byResource.put(resource, byResource.getOrDefault(resource, Bucket.EMPTY).with(subscription));
        resourceOf.put(subscription.id(), resource);
    }

    public synchronized void remove(UUID id) {
        String resource = resourceOf.remove(id);
        if (resource == null) {
            return;
        }
        Bucket without = byResource.get(resource).without(id);
        if (without.isEmpty()) {
            byResource.remove(resource);
        } else {
            byResource.put(resource, without);
        }
    }

    /** Replaces the whole index, e.g. after listening for changes was interrupted. */
    public synchronized void replaceAll(List<Subscription> subscriptions) {
        byResource.clear();
        resourceOf.clear();
        subscriptions.forEach(this::put);
    }

    public int size() {
        return resourceOf.size();
    }

    private static void collect(List<Subscription> candidates, EventKey event, List<Subscription> matches) {
        for (Subscription candidate : candidates) {
            if (accepts(candidate.filter(), event)) {
                matches.add(candidate);
            }
        }
    }

    static boolean accepts(SubscriptionFilter filter, EventKey event) {
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
        return type.endsWith("*")
                ? event.type().startsWith(type.substring(0, type.length() - 1))
                : type.equals(event.type());
    }

    /**
     * One resource's subscriptions. A subscription is filed under its subject filter if it has one, else under its
     * alternative-subject filter, else under "any subject", so each lands in exactly one list.
     */
    private record Bucket(List<Subscription> anySubject, Map<String, List<Subscription>> bySubject,
            Map<String, List<Subscription>> byAlternativeSubject) {

        static final Bucket EMPTY = new Bucket(List.of(), Map.of(), Map.of());

        Bucket with(Subscription subscription) {
            SubscriptionFilter filter = subscription.filter();
            if (filter.subject() != null) {
                return new Bucket(anySubject, added(bySubject, filter.subject(), subscription), byAlternativeSubject);
            }
            if (filter.alternativeSubject() != null) {
                return new Bucket(anySubject, bySubject, added(byAlternativeSubject, filter.alternativeSubject(), subscription));
            }
            List<Subscription> any = new ArrayList<>(anySubject);
            any.add(subscription);
            return new Bucket(List.copyOf(any), bySubject, byAlternativeSubject);
        }

        Bucket without(UUID id) {
            return new Bucket(anySubject.stream().filter(s -> !s.id().equals(id)).toList(),
                    removed(bySubject, id), removed(byAlternativeSubject, id));
        }

        boolean isEmpty() {
            return anySubject.isEmpty() && bySubject.isEmpty() && byAlternativeSubject.isEmpty();
        }

        private static Map<String, List<Subscription>> added(Map<String, List<Subscription>> map, String key,
                Subscription subscription) {
            Map<String, List<Subscription>> copy = new HashMap<>(map);
            List<Subscription> list = new ArrayList<>(copy.getOrDefault(key, List.of()));
            list.add(subscription);
            copy.put(key, List.copyOf(list));
            return Map.copyOf(copy);
        }

        private static Map<String, List<Subscription>> removed(Map<String, List<Subscription>> map, UUID id) {
            Map<String, List<Subscription>> copy = new HashMap<>();
            map.forEach((key, list) -> {
                List<Subscription> kept = list.stream().filter(s -> !s.id().equals(id)).toList();
                if (!kept.isEmpty()) {
                    copy.put(key, kept);
                }
            });
            return Map.copyOf(copy);
        }
    }
}
