package no.budstikke.delivery;

import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Pushes a job to its webhook when the endpoint's gate lets it through; otherwise the job is postponed. */
public final class WebhookDelivery {

    private final WebhookPusher pusher;
    private final EndpointGate gate;

    public WebhookDelivery(WebhookPusher pusher, EndpointGate gate) {
        this.pusher = pusher;
        this.gate = gate;
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
            outcome = pusher.push(delivery.target().uri(), delivery.target().signingSecret(), job.webhookId(),
                    job.eventJson(), delivery.target().subscription().delivery().timeout(), traceparent());
            return delivery.with(outcome);
        } finally {
            gate.release(subscription, outcome == null || outcome.endpointFailure());
        }
    }

    /** A new W3C trace context for each attempt: version 00, random trace and span ids, sampled. */
    private static String traceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "00-" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong()) + "-01";
    }
}
