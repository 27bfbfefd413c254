package no.budstikke.delivery;

import java.net.URI;

import no.budstikke.subscription.Subscription;

/**
 * Where and how a job is delivered: the subscription, the secret its webhooks are signed with, and the webhook's
 * address parsed once ({@code null} for an {@code amqp:} endpoint).
 */
public record DeliveryTarget(Subscription subscription, String signingSecret, URI uri) {

    private static final String AMQP = "amqp:";

    public static DeliveryTarget of(Subscription subscription, String signingSecret) {
        String endPoint = subscription.endPoint();
        return new DeliveryTarget(subscription, signingSecret, endPoint.startsWith(AMQP) ? null : URI.create(endPoint));
    }

    public boolean isAmqp() {
        return subscription.endPoint().startsWith(AMQP);
    }

    /** The queue an {@code amqp:{queue}} endpoint names. */
    public String queue() {
        return subscription.endPoint().substring(AMQP.length());
    }
}
