package no.budstikke.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import no.budstikke.delivery.DeliveryMetrics;

/**
 * The hub's own Prometheus metrics: events accepted and rejected by reason, commit sizes, query latency,
 * delivery attempts by outcome and the time from commit to delivery.
 */
public class HubMetrics implements DeliveryMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final DistributionSummary commitSize;
    private final Timer queryLatency;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> denials = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> parked = new ConcurrentHashMap<>();
    private final Timer deliveryLag;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("budstikke.events.accepted").description("Events committed to the store")
                .register(registry);
        this.duplicates = Counter.builder("budstikke.events.duplicates")
                .description("Publishes of an event that was already stored (answered 200, not stored again)")
                .register(registry);
        this.commitSize = DistributionSummary.builder("budstikke.commit.batch.size")
                .description("Events per group commit").publishPercentileHistogram().register(registry);
        this.queryLatency = Timer.builder("budstikke.query.latency").description("Time to answer an event query")
                .publishPercentileHistogram().register(registry);
        this.deliveryLag = Timer.builder("budstikke.delivery.lag")
                .description("Time from an event's commit to its delivery to one subscription")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public void attempt(String outcome) {
        attempts.computeIfAbsent(outcome, o -> Counter.builder("budstikke.deliveries")
                .description("Delivery attempts, by outcome").tag("outcome", o).register(registry)).increment();
    }

    @Override
    public void delivered(Duration sinceCommit) {
        deliveryLag.record(sinceCommit);
    }

    /** Jobs waiting for their next attempt, read from the store when scraped. */
    public void retryBacklog(Supplier<Number> backlog) {
        Gauge.builder("budstikke.delivery.retry.backlog", backlog)
                .description("Delivery jobs waiting for a retry").register(registry);
    }

    /** Pushes started whose outcome is not yet in the delivery log (what a crash could repeat). */
    public void unsettledPushes(Supplier<Number> unsettled) {
        Gauge.builder("budstikke.delivery.unsettled", unsettled)
                .description("Pushes started whose outcome is not yet in the delivery log").register(registry);
    }

    public void accepted(long created, long duplicated) {
        accepted.increment(created);
        duplicates.increment(duplicated);
    }

    /** A connector parked a feed entry it could not map. */
    public void parked(String connector) {
        parked.computeIfAbsent(connector, c -> Counter.builder("budstikke.connector.parked")
                .description("Feed entries a connector could not map and parked, by connector").tag("connector", c)
                .register(registry)).increment();
    }

    /** A denial at an enforcement point (publish, query, subscribe, push). */
    public void denied(String point) {
        denials.computeIfAbsent(point, p -> Counter.builder("budstikke.authorization.denials")
                .description("Requests and pushes the policy refused, by enforcement point").tag("point", p)
                .register(registry)).increment();
    }

    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("budstikke.events.rejected")
                .description("Publish requests refused, by reason").tag("reason", r).register(registry)).increment();
    }

    public void committed(int events) {
        commitSize.record(events);
    }

    public Timer queryLatency() {
        return queryLatency;
    }
}
