package no.budstikke.delivery;

import java.time.Duration;
import java.util.UUID;

/** Pushes a job to its webhook when the endpoint's gate lets it through; otherwise the job is postponed. */
public final class WebhookDelivery {

    private final WebhookPusher pusher;
    private final EndpointGate gate;
    private final PushTrace trace;

    public WebhookDelivery(WebhookPusher pusher, EndpointGate gate, PushTrace trace) {
        this.pusher = pusher;
        this.gate = gate;
        this.trace = trace;
    }

    public Delivery deliver(Delivery delivery) {
        UUID subscription = delivery.job().subscriptionId();
        var policy = delivery.target().subscription().delivery();
        Duration wait = gate.admit(subscription, policy.maxConcurrency(), policy.timeout());
        if (wait != null) {
            return delivery.with(PushOutcome.postponed(wait));
        }
        PushOutcome outcome = null;
        try {
            DeliveryJob job = delivery.job();
            outcome = trace.around(traceparent -> pusher.push(delivery.target().uri(), delivery.target().signingSecret(),
                    job.webhookId(), job.eventJson(), delivery.target().subscription().delivery().timeout(), traceparent));
            return delivery.with(outcome);
        } finally {
            gate.release(subscription, outcome == null || outcome.endpointFailure());
        }
    }
}
