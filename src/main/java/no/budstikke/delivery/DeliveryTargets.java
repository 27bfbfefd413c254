package no.budstikke.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import no.budstikke.subscription.Subscription;
import no.budstikke.subscription.SubscriptionStore;

/**
 * Finds the subscription a job goes to, with its signing secret, read once from the store and kept until the
 * subscription changes (every node hears of changes at once, see {@code SubscriptionChanges}). Only active
 * subscriptions receive anything: a job for one that was deleted or disabled meanwhile is dropped.
 */
public final class DeliveryTargets {

    private final SubscriptionStore store;
    private final ConcurrentHashMap<UUID, Optional<DeliveryTarget>> cache = new ConcurrentHashMap<>();

    public DeliveryTargets(SubscriptionStore store) {
        this.store = store;
    }

    /** The job with where it goes, or {@code null} when its subscription no longer takes deliveries. */
    public Delivery resolve(DeliveryJob job) {
        return cache.computeIfAbsent(job.subscriptionId(), this::load).map(target -> Delivery.of(job, target))
                .orElse(null);
    }

    /** The jobs of one message with where they go, leaving out those whose subscription takes no deliveries. */
    public List<Delivery> resolveAll(List<DeliveryJob> jobs) {
        List<Delivery> deliveries = new ArrayList<>(jobs.size());
        for (DeliveryJob job : jobs) {
            Delivery delivery = resolve(job);
            if (delivery != null) {
                deliveries.add(delivery);
            }
        }
        return deliveries;
    }

    public void invalidate(UUID id) {
        cache.remove(id);
    }

    public void invalidateAll() {
        cache.clear();
    }

    private Optional<DeliveryTarget> load(UUID id) {
        return store.find(id).filter(s -> Subscription.ACTIVE.equals(s.status()))
                .flatMap(s -> store.signingSecret(id).map(secret -> DeliveryTarget.of(s, secret)));
    }
}
