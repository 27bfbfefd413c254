package no.budstikke.subscription;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A consumer's standing request to have matching events pushed to an endpoint. */
public record Subscription(
        UUID id,
        String consumer,
        String createdBy,
        String endPoint,
        SubscriptionFilter filter,
        DeliveryPolicy delivery,
        String status,
        OffsetDateTime created) {

    public static final String PENDING_VALIDATION = "pending-validation";
    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";
}
