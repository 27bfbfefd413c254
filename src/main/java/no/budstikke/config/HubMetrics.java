package no.budstikke.config;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The hub's own Prometheus metrics: events accepted and rejected by reason, commit sizes, query latency. */
public class HubMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final DistributionSummary commitSize;
    private final Timer queryLatency;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();

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
    }

    public void accepted(long created, long duplicated) {
        accepted.increment(created);
        duplicates.increment(duplicated);
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
