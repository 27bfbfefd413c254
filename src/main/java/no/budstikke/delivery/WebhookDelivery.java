package no.budstikke.delivery;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Pushes a job to its webhook once the endpoint's gate lets it through, without holding a thread while the
 * endpoint answers; the gate's slot is given back, and the endpoint judged, when the answer is in.
 */
public final class WebhookDelivery {

    private final WebhookPusher pusher;
    private final EndpointGate gate;
    private final PushTrace trace;

    public WebhookDelivery(WebhookPusher pusher, EndpointGate gate, PushTrace trace) {
        this.pusher = pusher;
        this.gate = gate;
        this.trace = trace;
    }

    /**
     * Null when the push may start now (then {@link #push} or {@link #cancel} must follow);
     * {@link EndpointGate#AWAITING} when {@code wake} will run once a slot of the subscription frees; else how long
     * the job should wait in the broker.
     */
    public Duration admit(Delivery delivery, EndpointGate.Waiter wake) {
        var policy = delivery.target().subscription().delivery();
        return gate.admitOrAwait(delivery.job().subscriptionId(), policy.maxConcurrency(), policy.timeout(), wake);
    }

    /** Gives back an admission that will not be used. */
    public void cancel(Delivery delivery) {
        gate.cancel(delivery.job().subscriptionId());
    }

    /** Starts an admitted push; the result completes on the client's I/O thread. */
    public CompletableFuture<Delivery> push(Delivery delivery) {
        UUID subscription = delivery.job().subscriptionId();
        DeliveryJob job = delivery.job();
        CompletableFuture<PushOutcome> outcome;
        try {
            outcome = trace.around(job.traceparent(), traceparent -> pusher.push(delivery.target().uri(),
                    delivery.target().signingSecret(), job.webhookId(), job.eventJson(),
                    delivery.target().subscription().delivery().timeout(), traceparent));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(
                    PushOutcome.failed(0, "push not started: " + e.getClass().getSimpleName(), Duration.ZERO));
        }
        return outcome.thenApply(result -> {
            gate.release(subscription, result.endpointFailure());
            return delivery.with(result);
        });
    }
}
