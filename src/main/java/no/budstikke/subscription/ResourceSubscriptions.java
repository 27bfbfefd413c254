package no.budstikke.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import no.budstikke.subscription.SubscriptionIndex.EventKey;

/**
 * One resource's subscriptions in the {@link SubscriptionIndex}. A subscription is filed under its subject filter
 * if it has one, else under its alternative-subject filter, else with the other whole-resource subscriptions whose
 * filter is equal to its own, so each lands in exactly one list. Lists are immutable and replaced whole, so
 * readers need no lock; writers must be serialized.
 */
final class ResourceSubscriptions {

    private final ConcurrentHashMap<String, List<Subscription>> bySubject = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<Subscription>> byAlternativeSubject = new ConcurrentHashMap<>();
    // Keyed by the whole filter: an event is checked once per distinct filter, not once per subscription, and
    // whole-resource subscriptions (hundreds on a popular resource) mostly share a few type and source filters.
    private final ConcurrentHashMap<SubscriptionFilter, List<Subscription>> byFilter = new ConcurrentHashMap<>();

    void collect(EventKey event, List<Subscription> matches) {
        byFilter.forEach((filter, subscriptions) -> {
            if (SubscriptionIndex.accepts(filter, event)) {
                matches.addAll(subscriptions);
            }
        });
        if (event.subject() != null) {
            collect(bySubject.get(event.subject()), event, matches);
        }
        if (event.alternativeSubject() != null) {
            collect(byAlternativeSubject.get(event.alternativeSubject()), event, matches);
        }
    }

    void add(Subscription subscription) {
        file(subscription, (key, list) -> with(list, subscription));
    }

    void remove(Subscription subscription) {
        file(subscription, (key, list) -> list == null ? null : without(list, subscription.id()));
    }

    boolean isEmpty() {
        return bySubject.isEmpty() && byAlternativeSubject.isEmpty() && byFilter.isEmpty();
    }

    /** Recomputes the list the subscription is filed in; a null result drops the list. */
    private void file(Subscription subscription, BiFunction<Object, List<Subscription>, List<Subscription>> change) {
        SubscriptionFilter filter = subscription.filter();
        if (filter.subject() != null) {
            bySubject.compute(filter.subject(), change);
        } else if (filter.alternativeSubject() != null) {
            byAlternativeSubject.compute(filter.alternativeSubject(), change);
        } else {
            byFilter.compute(filter, change);
        }
    }

    private static void collect(List<Subscription> candidates, EventKey event, List<Subscription> matches) {
        if (candidates == null) {
            return;
        }
        for (Subscription candidate : candidates) {
            if (SubscriptionIndex.accepts(candidate.filter(), event)) {
                matches.add(candidate);
            }
        }
    }

    private static List<Subscription> with(List<Subscription> list, Subscription subscription) {
        if (list == null) {
            return List.of(subscription);
        }
        Subscription[] copy = list.toArray(new Subscription[list.size() + 1]);
        copy[list.size()] = subscription;
        return List.of(copy);
    }

    private static List<Subscription> without(List<Subscription> list, UUID id) {
        List<Subscription> kept = list.stream().filter(s -> !s.id().equals(id)).toList();
        return kept.isEmpty() ? null : kept;
    }

    /**
     * Files a whole resource's subscriptions in one pass, for a reload: lists grow in place while nobody can read
     * them, and are frozen once at the end, where adding one by one would copy each list once per element.
     */
    static final class Builder {

        private final ResourceSubscriptions building = new ResourceSubscriptions();

        void add(Subscription subscription) {
            building.file(subscription, (key, list) -> {
                List<Subscription> growing = list == null ? new ArrayList<>(1) : list;
                growing.add(subscription);
                return growing;
            });
        }

        ResourceSubscriptions build() {
            freeze(building.bySubject);
            freeze(building.byAlternativeSubject);
            freeze(building.byFilter);
            return building;
        }

        private static <K> void freeze(Map<K, List<Subscription>> lists) {
            lists.replaceAll((key, list) -> List.copyOf(list));
        }
    }
}
