package no.budstikke.subscription;

import java.time.Duration;
import java.util.List;

/** How the hub delivers to one subscription: when to retry a failed push, how long to wait, how many at once. */
public record DeliveryPolicy(List<Duration> retrySchedule, Duration timeout, int maxConcurrency) {

    /** Altinn's schedule: 10s, 30s, 1m, 5m, 10m, 30m, 1h, 3h, 6h, 12h, 12h, then dead letter. */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(12));

    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(DEFAULT_SCHEDULE, Duration.ofSeconds(30), 8);
    }
}
