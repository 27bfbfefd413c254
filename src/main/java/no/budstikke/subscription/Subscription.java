package no.budstikke.subscription;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A consumer's standing request to have matching events pushed to an endpoint. {@code number} is the id the API
 * shows (Altinn's subscription ids are whole numbers); {@code includeSubunits} is Altinn's flag, kept as given.
 */
public record Subscription(
        UUID id,
        String consumer,
        String createdBy,
        String endPoint,
        SubscriptionFilter filter,
        DeliveryPolicy delivery,
        String status,
        OffsetDateTime created,
        long number,
        boolean includeSubunits) {

    public static final String PENDING_VALIDATION = "pending-validation";
    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";

    /** The same subscription under the number the store gave it. */
    public Subscription withNumber(long assigned) {
        return new Subscription(id, consumer, createdBy, endPoint, filter, delivery, status, created, assigned,
                includeSubunits);
    }
}
