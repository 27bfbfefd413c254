package no.budstikke.subscription;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets the subscriptions of one {@link SubscriptionIndex} reload share a single instance of each value many of
 * them repeat — delivery policy, resource, endpoint, consumer, filters — where the store reads a fresh copy per
 * row: at a million subscriptions, one retry schedule per row alone would cost some 350 MB.
 */
final class SubscriptionCompactor {

    // Values of different types are never equal, so one map serves them all; it lives only as long as one reload.
    private final Map<Object, Object> shared = new HashMap<>();

    /** An equal subscription whose repeated values are shared; subjects and ids are left as they are. */
    Subscription compact(Subscription subscription) {
        SubscriptionFilter filter = subscription.filter();
        return new Subscription(subscription.id(), shared(subscription.consumer()), shared(subscription.createdBy()),
                shared(subscription.endPoint()),
                new SubscriptionFilter(shared(filter.resource()), shared(filter.sourcePrefix()), filter.subject(),
                        filter.alternativeSubject(), shared(filter.type())),
                shared(subscription.delivery()), shared(subscription.status()), subscription.created(),
                subscription.number(), subscription.includeSubunits());
    }

    @SuppressWarnings("unchecked")
    private <T> T shared(T value) {
        return value == null ? null : (T) shared.computeIfAbsent(value, v -> v);
    }
}
