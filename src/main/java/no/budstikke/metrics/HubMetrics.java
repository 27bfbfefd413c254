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
 * The hub's own Prometheus metrics: events accepted, duplicated and rejected by door (and reason), commit sizes,
 * query latency, delivery attempts by outcome and the time from commit to delivery.
 */
public class HubMetrics implements DeliveryMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, DoorCounters> doors = new ConcurrentHashMap<>();
    private final DistributionSummary commitSize;
    private final Timer queryLatency;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> denials = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> parked = new ConcurrentHashMap<>();
    private final Timer deliveryLag;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    /** The counters of one way in, registered at the first use (or at start, for the built-in doors). */
    public void door(String door) {
        doors.computeIfAbsent(door, this::doorCounters);
    }

    /** Events a door's request committed: new ones, and ones already stored (answered 200, not stored again). */
    public void accepted(String door, long created, long duplicated) {
        DoorCounters counters = doors.get(door);
        if (counters == null) {
            counters = doors.computeIfAbsent(door, this::doorCounters);
        }
        counters.accepted().increment(created);
        counters.duplicates().increment(duplicated);
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

    /** A request of a door that ended without a commit, by reason ({@code invalid}, {@code forbidden}, …). */
    public void rejected(String door, String reason) {
        rejected.computeIfAbsent(door + ' ' + reason, key -> Counter.builder("budstikke.events.rejected")
                .description("Publish requests refused or failed, by door and reason").tag("door", door)
                .tag("reason", reason).register(registry)).increment();
    }

    private DoorCounters doorCounters(String door) {
        return new DoorCounters(
                Counter.builder("budstikke.events.accepted").description("Events committed to the store, by door")
                        .tag("door", door).register(registry),
                Counter.builder("budstikke.events.duplicates")
                        .description("Publishes of an event that was already stored (answered 200, not stored again)")
                        .tag("door", door).register(registry));
    }

    private record DoorCounters(Counter accepted, Counter duplicates) {
    }

    public void committed(int events) {
        commitSize.record(events);
    }

    public Timer queryLatency() {
        return queryLatency;
    }
}
