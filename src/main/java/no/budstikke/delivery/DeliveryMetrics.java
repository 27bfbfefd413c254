package no.budstikke.delivery;

import java.time.Duration;

/** What the delivery stage reports: attempts by outcome, and the time from commit to delivery. */
public interface DeliveryMetrics {

    void attempt(String outcome);

    void delivered(Duration sinceCommit);
}
