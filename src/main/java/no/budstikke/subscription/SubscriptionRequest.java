package no.budstikke.subscription;

/**
 * A validated request to subscribe, before the hub has given it an id, an owner or a secret;
 * {@code includeSubunits} is Altinn's flag, stored and shown as given.
 */
public record SubscriptionRequest(String endPoint, SubscriptionFilter filter, DeliveryPolicy delivery,
        boolean includeSubunits) {
}
