package no.budstikke.delivery;

import java.net.URI;

import no.budstikke.subscription.Subscription;

/** Where and how a job is delivered: the subscription and the secret its webhooks are signed with. */
public record DeliveryTarget(Subscription subscription, String signingSecret) {

    private static final String AMQP = "amqp:";

    public boolean isAmqp() {
        return subscription.endPoint().startsWith(AMQP);
    }

    /** The queue an {@code amqp:{queue}} endpoint names. */
    public String queue() {
        return subscription.endPoint().substring(AMQP.length());
    }

    public URI uri() {
        return URI.create(subscription.endPoint());
    }
}
