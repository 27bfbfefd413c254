package no.budstikke.delivery;

import java.util.UUID;

import no.budstikke.subscription.SubscriptionChanges;

/**
 * Forgets what delivery remembers about a subscription once it changes: its cached delivery target and its
 * endpoint's circuit; a change of unknown scope (after a lost connection) drops every cached target.
 */
public final class ChangedSubscriptions implements SubscriptionChanges.Listener {

    private final DeliveryTargets targets;
    private final EndpointGate gate;

    public ChangedSubscriptions(DeliveryTargets targets, EndpointGate gate) {
        this.targets = targets;
        this.gate = gate;
    }

    @Override
    public void changed(UUID id) {
        if (id == null) {
            targets.invalidateAll();
        } else {
            targets.invalidate(id);
            gate.forget(id);
        }
    }
}
